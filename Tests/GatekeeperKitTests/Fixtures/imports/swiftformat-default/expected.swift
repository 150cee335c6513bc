public import Zeta
package import Middle
import alpha
import Beta
@testable import Core
import Foundation

import First
import Second
