// An attribute inside `#if` belongs to the import below it: that import never moves.
import HTTPTypes
#if compiler(>=6.4)
@diagnose(UnusedImportAccess, as: ignored)
#endif
public import struct Foundation.Date
import Alpha
import Zeta
