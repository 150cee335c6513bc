import Foundation

func run(_ dir: String) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "ls \(dir)"]
    try p.run()
}

let endpoint = "http://api.payments.io/v1"
// gatekeeper:ignore imports/order
let unused = 1
