/// Applies the fixes of one file's surviving findings in one pass: narrowest fix first, a fix
/// whose edits conflict with one already taken waits for the next pass (after re-lexing).
enum FixApplier {
    struct Outcome {
        var bytes: [UInt8]
        /// The edits applied, in file order (ranges of the original bytes).
        var edits: [Edit]
    }

    static func apply(_ fixes: [Fix], to bytes: [UInt8]) -> Outcome {
        var taken = Taken(size: bytes.count)
        for fix in ordered(fixes) where taken.fitsAll(fix.edits) && !Self.selfConflicting(fix.edits) {
            taken.insert(fix.edits)
        }
        return taken.outcome(applied: bytes)
    }

    /// Narrowest fix first; at one width, the one starting first.
    static func ordered(_ fixes: [Fix]) -> [Fix] {
        fixes.filter { !$0.edits.isEmpty }.sorted { lhs, rhs in
            lhs.span != rhs.span ? lhs.span < rhs.span : lhs.edits[0].range.lowerBound < rhs.edits[0].range.lowerBound
        }
    }

    /// The edits of one file taken so far, in file order: a new edit can only conflict with its neighbours.
    struct Taken {
        let size: Int
        var edits: [Edit] = []

        init(size: Int) {
            self.size = size
        }

        /// Where `edit` goes in file order; an appending insertion after those already at its place.
        private func position(_ edit: Edit) -> Int {
            var low = 0, high = edits.count
            while low < high {
                let middle = (low + high) / 2
                let (lhs, rhs) = ((edits[middle].range.lowerBound, edits[middle].range.upperBound), (edit.range.lowerBound, edit.range.upperBound))
                if lhs < rhs || (edit.appends && lhs == rhs) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            return low
        }

        func fits(_ edit: Edit) -> Bool {
            guard edit.range.upperBound <= size else { return false }
            // Appending insertions at one place sit side by side: look past them for a neighbour.
            var before = position(edit) - 1
            while before >= 0, edits[before].appends, edit.appends, edits[before].range == edit.range { before -= 1 }
            var after = position(edit)
            while after < edits.count, edits[after].appends, edit.appends, edits[after].range == edit.range { after += 1 }
            return !(before >= 0 && edits[before].conflicts(with: edit)) && !(after < edits.count && edits[after].conflicts(with: edit))
        }

        func fitsAll(_ new: [Edit]) -> Bool { new.allSatisfy(fits) }

        mutating func insert(_ new: [Edit]) {
            for edit in new { edits.insert(edit, at: position(edit)) }
        }

        /// One forward pass: untouched bytes and replacements in file order. At one offset an
        /// insertion sorts before a range, so it lands in front of what replaced the range.
        func outcome(applied bytes: [UInt8]) -> Outcome {
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var copied = 0
            for edit in edits {
                result += bytes[copied..<edit.range.lowerBound]
                result += edit.replacement
                copied = edit.range.upperBound
            }
            result += bytes[copied...]
            return Outcome(bytes: result, edits: edits)
        }
    }

    /// A fix whose own edits overlap cannot be applied in any order.
    static func selfConflicting(_ edits: [Edit]) -> Bool {
        let sorted = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        return zip(sorted, sorted.dropFirst()).contains { $0.conflicts(with: $1) }
    }

    /// Line numbers of the old content carried to the new one: a line an edit touches adds
    /// every line of that edit's replacement; a line not wholly replaced moves to where its
    /// first byte went.
    static func remap(lines: Set<Int>, old: LineIndex, edits: [Edit], new: LineIndex) -> Set<Int> {
        var result = Set<Int>()
        for line in lines where line >= 1 && line <= old.count {
            let start = old.starts[line - 1]
            let end = line < old.count ? old.starts[line] : old.bytes.count
            var delta = 0
            var shift = 0
            var replaced = false
            for edit in edits {
                if edit.range.lowerBound >= end { break }
                let touches = edit.range.upperBound > start || (edit.range.isEmpty && edit.range.lowerBound == start)
                if touches {
                    let newStart = edit.range.lowerBound + delta
                    result.formUnion(new.location(ofByte: newStart).line...new.location(ofByte: newStart + max(0, edit.replacement.count - 1)).line)
                    replaced = replaced || (edit.range.lowerBound <= start && edit.range.upperBound >= end)
                }
                if edit.range.upperBound <= start { shift += edit.replacement.count - edit.range.count }
                delta += edit.replacement.count - edit.range.count
            }
            if !replaced { result.insert(new.location(ofByte: min(start + shift, new.bytes.count)).line) }
        }
        return result
    }
}
