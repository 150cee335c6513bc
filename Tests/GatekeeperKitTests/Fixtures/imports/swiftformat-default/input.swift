import Foundation
import alpha
@testable import Core
public import Zeta
package import Middle
import Beta

import Second
import First
