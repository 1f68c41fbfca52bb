import Foundation
import PackagePlugin

/// Generates WenshuAnalysis's registry of rules and finding kinds at build time (swift-format's
/// generated rule registry, made by the build instead of by hand): a rule type that conforms to
/// `RegisteredRule` and a kind declared in an `extension FindingKind { public static let … }` are
/// registered by being in a source file of the target, so a new rule is its file and its test.
@main
struct RuleRegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let inputs = target.sourceFiles(withSuffix: "swift").map(\.url).sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("RuleRegistry+Generated.swift")
        return [.buildCommand(
            displayName: "Generating the rule and finding-kind registry of \(target.name)",
            executable: try context.tool(named: "RuleRegistryGenerator").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
