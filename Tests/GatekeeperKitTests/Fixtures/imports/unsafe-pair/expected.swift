import Apple
@preconcurrency import class Lib.Thing
import Lib
import Zebra
