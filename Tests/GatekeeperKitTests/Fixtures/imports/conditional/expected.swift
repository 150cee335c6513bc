import Collections
import Foundation
#if canImport(Glibc)
import Dispatch
import Glibc
#elseif canImport(Darwin)
  import CoreFoundation
  import Darwin
#else
#endif
import Alpha
import Zlib
