import Zoo
@testable import Gatekeeper
@_implementationOnly import Hidden
import struct Foundation.Date
import func Darwin.C.sqrt
public import Public
package import Package
fileprivate import Fileprivate
private import Private
internal import Internal
@_exported import Exported
@preconcurrency import Legacy
@_spi(Experimental) import Experimental
@_weakLinked import Weak
import Darwin.C
import `Backticked`
import typealias Types.Alias
import Alpha; import Beta // two on one line
import enum Kinds.Kind
import protocol Kinds.Proto
import class Kinds.Klass
import let Kinds.constant
import var Kinds.variable

func code() {}
