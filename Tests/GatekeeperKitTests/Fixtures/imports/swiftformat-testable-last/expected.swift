import alpha
import Beta
import Foundation
package import Middle
public import Zeta
@testable import Core

import First
import Second
