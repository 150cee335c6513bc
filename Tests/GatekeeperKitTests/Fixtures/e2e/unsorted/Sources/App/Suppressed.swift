// gatekeeper:ignore imports/order -- kept as written
import Zeta
import Alpha
