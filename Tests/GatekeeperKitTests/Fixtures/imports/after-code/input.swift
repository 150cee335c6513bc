import Beta
import Alpha

let x = 1

import Delta
import Charlie
