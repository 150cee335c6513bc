struct LoginSpec {
    let password = "hunter2pass"
}
