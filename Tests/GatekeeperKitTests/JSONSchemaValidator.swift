import Foundation

@testable import GatekeeperKit

/// Validates JSON against a JSON Schema (the draft-04 keywords the official SARIF 2.1.0 schema
/// uses: type, $ref to local definitions, properties, required, additionalProperties, items,
/// enum, anyOf, oneOf, allOf, pattern, minimum, maximum, minItems, uniqueItems). A test tool:
/// the project takes no dependencies.
struct JSONSchemaValidator {
    let root: JSONValue

    /// Problems found, each with the JSON path where it occurs; empty when valid.
    func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: root, path: "$", problems: &problems)
        return problems
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard let reference = schema["$ref"]?.stringValue, reference.hasPrefix("#/") else { return schema }
        var current = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = current[String(part)] else { return schema }
            current = next
        }
        return resolve(current)
    }

    private func typeMatches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .number): return true
        case let ("integer", .number(number)): return number.rounded() == number
        default: return false
        }
    }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, path: String, problems: inout [String]) {
        let schema = resolve(rawSchema)
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !types.contains(where: { typeMatches(value, $0) }) {
                problems.append("\(path): expected \(types.joined(separator: "|")), found \(value.typeName)")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value) is not one of the allowed values")
        }
        if let all = schema["allOf"]?.arrayValue {
            for sub in all { check(value, against: sub, path: path, problems: &problems) }
        }
        if let any = schema["anyOf"]?.arrayValue, !any.contains(where: { isValid(value, $0, path) }) {
            problems.append("\(path): matches none of anyOf")
        }
        if let one = schema["oneOf"]?.arrayValue, one.filter({ isValid(value, $0, path) }).count != 1 {
            problems.append("\(path): does not match exactly one of oneOf")
        }
        switch value {
        case let .object(members):
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !members.contains(where: { $0.key == required }) {
                problems.append("\(path): missing required property '\(required)'")
            }
            let properties = schema["properties"]?.objectValue ?? []
            for member in members {
                if let propertySchema = properties.first(where: { $0.key == member.key })?.value {
                    check(member.value, against: propertySchema, path: "\(path).\(member.key)", problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        problems.append("\(path): property '\(member.key)' is not allowed")
                    } else if additional.objectValue != nil {
                        check(member.value, against: additional, path: "\(path).\(member.key)", problems: &problems)
                    }
                }
            }
        case let .array(items):
            if let minimum = schema["minItems"], case let .number(count) = minimum, Double(items.count) < count {
                problems.append("\(path): fewer than \(Int(count)) items")
            }
            if case .bool(true) = schema["uniqueItems"] ?? .null {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    problems.append("\(path)[\(index)]: duplicate item")
                }
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(index)]", problems: &problems) }
            }
        case let .string(text):
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): '\(text)' does not match \(pattern)")
            }
        case let .number(number):
            if let minimum = schema["minimum"], case let .number(bound) = minimum, number < bound {
                problems.append("\(path): \(number) is below the minimum \(bound)")
            }
            if let maximum = schema["maximum"], case let .number(bound) = maximum, number > bound {
                problems.append("\(path): \(number) is above the maximum \(bound)")
            }
        default:
            break
        }
    }

    private func isValid(_ value: JSONValue, _ schema: JSONValue, _ path: String) -> Bool {
        var problems: [String] = []
        check(value, against: schema, path: path, problems: &problems)
        return problems.isEmpty
    }
}
