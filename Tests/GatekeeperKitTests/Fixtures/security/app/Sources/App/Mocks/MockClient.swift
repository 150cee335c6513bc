struct MockClient {
    let apiToken = "mock-9f8e7d6c5b4a3f2e1d0c"
}
