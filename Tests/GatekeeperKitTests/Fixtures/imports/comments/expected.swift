/// The file header, glued to the first import, stays put.
// About Beta: it moves with Beta.
// (two lines of it)
import Beta // trailing comment stays on its line
import Zeta
/* block comment */ import Alpha

// A comment separated by a blank line stays behind.

import Gamma
