import Foundation
import Collections
#if canImport(Glibc)
import Glibc
import Dispatch
#elseif canImport(Darwin)
  import Darwin
  import CoreFoundation
#else
#endif
import Zlib
import Alpha
