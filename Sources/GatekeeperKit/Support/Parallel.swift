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
