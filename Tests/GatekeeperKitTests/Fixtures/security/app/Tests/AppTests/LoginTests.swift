import XCTest

final class LoginTests: XCTestCase {
    func testLogin() {
        let password = "p@ssword12"
        let fakeToken = "aW50ZXJhY3Rpb246MTAzMTExMjExMzk3ODA4OTUwMjpRVGVBVXU3"
        // A real provider key leaks from tests too.
        let leaked = "AKIAZ7Q3X5MB2VN4KQ6R"
        _ = (password, fakeToken, leaked)
    }
}
