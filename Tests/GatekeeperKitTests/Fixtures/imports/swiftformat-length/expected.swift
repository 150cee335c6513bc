@testable import Core
public import Zeta
import Beta
import alpha
package import Middle
import Foundation

import First
import Second
