import Foundation
import Dispatch
import Foundation

let answer = 42
