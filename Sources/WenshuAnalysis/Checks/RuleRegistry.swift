import Foundation
import WenshuText

/// What the registered rules are built from: the dictionaries folder, and the templates (files
/// or folders) that turn copy detection on.
public struct RuleSetup: Sendable {
    public let dictionaries: Dictionaries
    public let templates: [URL]
    public init(dictionaries: Dictionaries, templates: [URL] = []) {
        self.dictionaries = dictionaries
        self.templates = templates
    }
}

/// A rule the analyzer runs by default. Conforming is all it takes: the build's RuleRegistry
/// plugin lists every `RegisteredRule` type of WenshuAnalysis in `RuleRegistry.types`, and every
/// kind declared in an `extension FindingKind { public static let … }` in `FindingKind.declared`
/// (swift-format's generated rule registry, made by the build). A new rule is its own file —
/// the rule, `extension FindingKind`, and `extension MyRule: RegisteredRule` — and its test.
public protocol RegisteredRule: DocumentRule {
    /// Where the rule runs among the others, lower first (ties by type name); it decides the
    /// order of findings of one kind at one place and of the kinds in `wenshu kinds`.
    static var order: Int { get }
    /// The rules of this type for a setup, built from its data files: none when the rule is off
    /// (copy detection without templates), several for rules written as data.
    static func rules(_ setup: RuleSetup) throws -> [any DocumentRule]
}

extension RegisteredRule {
    /// After the built-in rules, which give their order (10 … 100), before the rules written as
    /// data (900) and copy detection (1000).
    public static var order: Int { 500 }
}

/// The registered rules (the type list is generated at build time: RuleRegistry+Generated.swift).
public enum RuleRegistry {
    /// Every registered rule built for a setup, in order.
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        try types.sorted { ($0.order, String(describing: $0)) < ($1.order, String(describing: $1)) }.flatMap { try $0.rules(setup) }
    }
}
