@testable import Core
import Zeta
import Alpha