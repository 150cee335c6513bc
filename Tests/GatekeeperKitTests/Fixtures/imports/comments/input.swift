/// The file header, glued to the first import, stays put.
import Zeta
// About Beta: it moves with Beta.
// (two lines of it)
import Beta // trailing comment stays on its line
/* block comment */ import Alpha

// A comment separated by a blank line stays behind.

import Gamma
