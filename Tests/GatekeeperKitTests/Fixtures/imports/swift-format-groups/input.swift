@testable import Core
import Zeta

import Alpha
@_implementationOnly import Secret
import struct Foundation.Date


import Beta
