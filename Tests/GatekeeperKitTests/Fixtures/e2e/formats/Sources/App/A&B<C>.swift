import Zeta
import Alpha
import Alpha
