import Logging
import Vapor

struct UserController: RouteCollection {
    let logger = Logger(label: "users")

    func boot(routes: RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.post { req async throws -> User in
            let user = try req.content.decode(User.self)
            logger.info("created \(user.name)", metadata: ["event": "user.created", "id": "\(user.id?.uuidString ?? "-")"])
            return user
        }
    }

    func index(req: Request) async throws -> [User] {
        let query = """
            SELECT * FROM users WHERE name LIKE '%\(req.query["q"] ?? "")%'
            """
        _ = query
        return try await User.query(on: req.db).filter(\.$name != "").all()
    }
}
