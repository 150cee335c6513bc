import Alpha
import `Backticked`
import Beta // two on one line
import Darwin.C
@_spi(Experimental) import Experimental
@_exported import Exported
fileprivate import Fileprivate
internal import Internal
@preconcurrency import Legacy
package import Package
private import Private
public import Public
@_weakLinked import Weak
import Zoo

import func Darwin.C.sqrt
import struct Foundation.Date
import enum Kinds.Kind
import class Kinds.Klass
import protocol Kinds.Proto
import let Kinds.constant
import var Kinds.variable
import typealias Types.Alias

@_implementationOnly import Hidden

@testable import Gatekeeper

func code() {}
