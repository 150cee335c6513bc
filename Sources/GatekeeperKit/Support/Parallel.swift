import Foundation

/// Work spread over cores; results come back in input order whatever the scheduling.
public enum Parallel {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], jobs: Int, _ body: @Sendable (Input) -> Output) -> [Output] {
        let workers = max(1, min(jobs, inputs.count))
        let results = ResultSlots<Output>(count: inputs.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.take()
                guard index < inputs.count else { return }
                results.set(index, body(inputs[index]))
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

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }

    /// Each slot is written by exactly one worker, then read after all have finished.
    private final class ResultSlots<Output>: @unchecked Sendable {
        private var slots: [Output?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Output) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        func values() -> [Output] { slots.map { $0! } }
    }
}
