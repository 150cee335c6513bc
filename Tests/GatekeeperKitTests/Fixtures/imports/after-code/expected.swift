import Alpha
import Beta

let x = 1

import Charlie
import Delta
