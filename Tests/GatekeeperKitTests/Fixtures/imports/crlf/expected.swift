// header

import Alpha // a
import Zeta

let x = 1
