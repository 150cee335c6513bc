import Zeta
import Alpha
