import Dispatch
import Foundation

print("ok")
