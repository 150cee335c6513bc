import Vapor

struct Billing {
    let stripeSecretKey = "sk_live_51HxZq2KfTQ8vPz3mN7wR4tYb"

    func authorization() -> String {
        "Bearer \(stripeSecretKey)"
    }
}
