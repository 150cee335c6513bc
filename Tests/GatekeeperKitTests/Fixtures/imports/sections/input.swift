// Sections: system, third party, first party, testable.
import Vapor
@testable import App
import Foundation
import Fluent
import AppCore
import XCTest
import Utilities

final class AppTests: XCTestCase {}
