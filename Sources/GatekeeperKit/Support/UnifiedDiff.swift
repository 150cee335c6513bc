/// A unified diff of two texts by lines (Myers' algorithm), as `diff -u` prints it.
public enum UnifiedDiff {
    public static func make(old: String, new: String, path: String, context: Int = 3) -> String {
        let a = splitLines(old)
        let b = splitLines(new)
        let script = editScript(a, b)
        guard script.contains(where: { $0.kind != .same }) else { return "" }
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        // Each change opens a window of `context` lines either side; overlapping windows merge.
        var windows: [Range<Int>] = []
        for (index, edit) in script.enumerated() where edit.kind != .same {
            let window = max(0, index - context)..<min(script.count, index + context + 1)
            if let last = windows.last, last.upperBound >= window.lowerBound {
                windows[windows.count - 1] = last.lowerBound..<window.upperBound
            } else {
                windows.append(window)
            }
        }
        for window in windows {
            let hunk = script[window]
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            let oldStart = hunk.first!.oldIndex + (oldCount == 0 ? 0 : 1)
            let newStart = hunk.first!.newIndex + (newCount == 0 ? 0 : 1)
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in hunk {
                switch edit.kind {
                case .same: output += " " + show(a[edit.oldIndex])
                case .delete: output += "-" + show(a[edit.oldIndex])
                case .insert: output += "+" + show(b[edit.newIndex])
                }
            }
        }
        return output
    }

    private static func show(_ line: Substring) -> String {
        if line.hasSuffix("\n") { return String(line) }
        return String(line) + "\n\\ No newline at end of file\n"
    }

    private static func splitLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            // "\r\n" is one Character, so a CRLF line ends here too.
            if text[index] == "\n" || text[index] == "\r\n" || text[index] == "\r" {
                let next = text.index(after: index)
                lines.append(text[start..<next])
                start = next
            }
            index = text.index(after: index)
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    private enum Kind { case same, delete, insert }
    private struct Edit { var kind: Kind; var oldIndex: Int; var newIndex: Int }

    private static func editScript(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        let n = a.count, m = b.count
        let maxD = n + m
        var v = [Int](repeating: 0, count: 2 * maxD + 2)
        var trace: [[Int]] = []
        outer: for d in 0...maxD {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[maxD + k - 1] < v[maxD + k + 1])) ? v[maxD + k + 1] : v[maxD + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[maxD + k] = x
                if x >= n, y >= m { trace.append(v); break outer }
            }
        }
        // Walk the trace backwards into an edit script.
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 2, through: 0, by: -1) where x > 0 || y > 0 {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[maxD + k - 1] < v[maxD + k + 1])) ? k + 1 : k - 1
            let previousX = v[maxD + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1; y -= 1
                edits.append(Edit(kind: .same, oldIndex: x, newIndex: y))
            }
            if d > 0 {
                if x == previousX { y -= 1; edits.append(Edit(kind: .insert, oldIndex: x, newIndex: y)) } else { x -= 1; edits.append(Edit(kind: .delete,
                    oldIndex: x, newIndex: y)) }
            }
        }
        while x > 0, y > 0 { x -= 1; y -= 1; edits.append(Edit(kind: .same, oldIndex: x, newIndex: y)) }
        return edits.reversed()
    }
}
