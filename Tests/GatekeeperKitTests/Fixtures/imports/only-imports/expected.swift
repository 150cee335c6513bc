import Alpha
import Zeta

@testable import Core