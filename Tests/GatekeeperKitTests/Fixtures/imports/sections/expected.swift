// Sections: system, third party, first party, testable.
import Foundation
import XCTest

import Fluent
import Vapor

import AppCore
import Utilities

@testable import App

final class AppTests: XCTestCase {}
