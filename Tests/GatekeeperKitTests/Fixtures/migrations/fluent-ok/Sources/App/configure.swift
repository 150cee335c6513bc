import Fluent
import Vapor

func configure(_ app: Application) throws {
    app.migrations.add(User.CreateUsers())
    app.migrations.add([CreateTodos(), AddNickname()])
    app.migrations.add(SeedAdmin(), to: .psql)
}
