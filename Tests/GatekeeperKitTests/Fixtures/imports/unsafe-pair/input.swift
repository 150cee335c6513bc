import Zebra
@preconcurrency import class Lib.Thing
import Lib
import Apple
