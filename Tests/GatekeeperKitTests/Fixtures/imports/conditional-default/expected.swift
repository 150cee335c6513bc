import Collections
import Foundation
#if canImport(Glibc)
import Glibc
import Dispatch
#elseif canImport(Darwin)
  import Darwin
  import CoreFoundation
#else
#endif
import Alpha
import Zlib
