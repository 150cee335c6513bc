import Foundation
import Dispatch

let endpoint = URL(string: "http://api.weather-service.io/v1/forecast")
print(endpoint as Any)
