import Foundation // why: only URL
@preconcurrency import class Legacy.Box
import Legacy
public import Metrics
import XCTest

@testable import Logging
