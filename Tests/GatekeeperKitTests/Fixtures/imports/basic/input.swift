// Copyright 2026 Example Corp.
// Licensed under the Apache License.

import Foundation
import Dispatch
import Alpha

let value = 1
