import Alpha
import Beta
import Zeta

import struct Foundation.Date

@_implementationOnly import Secret

@testable import Core
