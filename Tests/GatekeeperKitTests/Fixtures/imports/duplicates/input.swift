import Foundation
import Logging
import Foundation
import XCTest
@testable import Logging
import struct Foundation.URL // why: only URL
public import Metrics
import Metrics
@preconcurrency import class Legacy.Box
import Legacy
