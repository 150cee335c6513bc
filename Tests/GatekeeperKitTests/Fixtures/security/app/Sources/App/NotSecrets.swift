import Foundation

enum Names {
    static let authorization = "Authorization"
    static let keychainTokenKey = "session_token_key"
    static let passwordEnvironmentVariable = "DATABASE_PASSWORD"
}

struct TLSFiles {
    var privateKey: String = "resources/certs/server.key"
    var password: String = Environment.get("TLS_PASSWORD") ?? ""
}

func label() -> String {
    let token = "token"
    return "Token expired" + token
}

// Keys made to ship in apps are noted, not failed.
let revenueCat = "appl_Qm4TzXr8PwLk2NvBs7HdYc"
