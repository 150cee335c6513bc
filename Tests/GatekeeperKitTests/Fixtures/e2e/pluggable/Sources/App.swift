import Foundation
let name = "x"   
let value = Int("1")!
