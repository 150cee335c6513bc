import Alpha
import Zeta
