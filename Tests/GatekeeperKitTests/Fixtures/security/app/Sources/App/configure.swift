import FluentPostgresDriver
import JWT
import Vapor

func configure(_ app: Application) throws {
    // A short lowercase word is still a hardcoded password.
    app.databases.use(.postgres(configuration: .init(hostname: "db.internal", username: "app", password: "aboba", database: "app", tls: .disable)), as: .psql)
    // A fallback default ships in the binary and is used whenever the variable is unset.
    let password = Environment.get("DATABASE_PASSWORD") ?? "vapor_password"
    app.redis.configuration = try RedisConfiguration(hostname: "cache", password: Environment.get("REDIS_PASSWORD"))
    app.jwt.signers.use(.hs256(key: "hunter22"))
    _ = password
}

struct Headers {
    func authorize(_ request: inout URLRequest) {
        request.setValue("Bearer q8Zr2LmX9vKw4TnB7yPc3HdF", forHTTPHeaderField: "Authorization")
    }
}
