// gatekeeper:ignore imports/order -- generated order must stay
import Zeta
import Alpha

func f() {}

import Beta
import Omega
