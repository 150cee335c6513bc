import Foundation

/// Answers computed once per key, from any thread (the value is computed outside the lock: two
/// threads asking at once may both compute it, and either answer is the same).
final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    func value(for key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        if let known = values[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}

/// A value made on first ask, within one call (no lock: it is not shared between threads): what
/// a file's scan needs only when it meets something (a log call, a possible shell sink).
struct Deferred<Value> {
    private var made: Value?
    private let make: () -> Value

    init(_ make: @escaping () -> Value) {
        self.make = make
    }

    var value: Value {
        mutating get {
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }
}

/// One value computed on first ask, from any thread.
final class Once<Value>: @unchecked Sendable {
    private let memo = Memo<Bool, Value>()

    func value(_ compute: () -> Value) -> Value {
        memo.value(for: true, compute)
    }
}

/// A value computed on another thread from now on; asking for it waits until it is made: what a
/// run asks of another program (git) while it does its own work.
final class Background<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let made = DispatchGroup()

    init(_ compute: @escaping @Sendable () throws -> Value) {
        made.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try compute() }
            made.leave()
        }
    }

    func value() throws -> Value {
        made.wait()
        guard let result else { preconditionFailure("a background value is made before the group is left") }
        return try result.get()
    }
}

/// Lets `value` go on another thread: freeing thousands of files' results or findings takes
/// milliseconds that a report, or the exit after it, need not wait for.
func releaseInBackground(_ value: some Sendable) {
    DispatchQueue.global().async { withExtendedLifetime(value) {} }
}
