// header

import Zeta
import Alpha // a

let x = 1
