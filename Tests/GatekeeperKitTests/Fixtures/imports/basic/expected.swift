// Copyright 2026 Example Corp.
// Licensed under the Apache License.

import Alpha
import Dispatch
import Foundation

let value = 1
