import FluentKit

extension FieldKey {
    static var discoveredBy: Self { "discovered_by" }
}
