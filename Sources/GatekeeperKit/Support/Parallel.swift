import Foundation

/// Work spread over cores; results come back in input order whatever the scheduling.
public enum Parallel {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], jobs: Int, _ body: @Sendable (Input) -> Output) -> [Output] {
        let workers = max(1, min(jobs, inputs.count))
        if workers == 1 { return inputs.map(body) }
        let results = ResultSlots<Output>(count: inputs.count)
        let next = Counter(total: inputs.count, workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let claimed = next.take() {
                for index in claimed { results.set(index, body(inputs[index])) }
            }
        }
        return results.values()
    }

    /// Work that grows as it goes (a folder walk) on all cores: `body` handles one item and
    /// returns its output and the items it leads to. A worker takes the next item as soon as it is
    /// free, never waiting for a level of the tree to end. Outputs come back in no set order.
    public static func expand<Item: Sendable, Output: Sendable>(_ roots: [Item], jobs: Int,
                                                              _ body: @Sendable (Item) -> (output: Output, more: [Item])) -> [Output] {
        let pool = WorkPool<Item, Output>(roots)
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
            while let item = pool.take() {
                let (output, more) = body(item)
                pool.finish(output, more)
            }
        }
        return pool.outputs
    }

    private final class WorkPool<Item, Output>: @unchecked Sendable {
        private var pending: [Item]
        private var busy = 0
        private(set) var outputs: [Output] = []
        private let condition = NSCondition()

        init(_ roots: [Item]) { pending = roots }

        /// The next item; while none is pending but others are busy (and may add some), it waits.
        /// Nil once nothing is pending and nobody is busy.
        func take() -> Item? {
            condition.lock()
            defer { condition.unlock() }
            while pending.isEmpty, busy > 0 { condition.wait() }
            guard let item = pending.popLast() else { return nil }
            busy += 1
            return item
        }

        func finish(_ output: Output, _ more: [Item]) {
            condition.lock()
            outputs.append(output)
            pending += more
            busy -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands out runs of indices: long ones while much is left, single ones near the end (so no
    /// worker is left with a long run while the others idle), a lock taken per run, not per item.
    private final class Counter: @unchecked Sendable {
        private var next = 0
        private let total: Int
        private let workers: Int
        private let lock = NSLock()

        init(total: Int, workers: Int) {
            self.total = total
            self.workers = workers
        }

        func take() -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            guard next < total else { return nil }
            let count = max(1, (total - next) / (workers * 8))
            defer { next += count }
            return next..<(next + count)
        }
    }

    /// Each slot is written by exactly one worker (no lock: distinct slots), then read after all
    /// have finished (`concurrentPerform` returns only then).
    private final class ResultSlots<Output>: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<Output?>
        private let count: Int

        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }

        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }

        func set(_ index: Int, _ value: consuming Output) { slots[index] = value }

        /// The results, moved out of their slots (a copy retains every reference a result holds).
        func values() -> [Output] {
            (0..<count).map { index in
                guard let value = (slots + index).move() else { preconditionFailure("every slot is set before the results are read") }
                (slots + index).initialize(to: nil)
                return value
            }
        }
    }
}
