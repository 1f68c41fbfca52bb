/// The words the text and HTML reports show for document kinds, section statuses, evidence and
/// severities, in English and Chinese (`--lang`). The JSON keeps the raw values.
enum ReportLabels {
    static let kinds: [DocumentKind: (en: String, zh: String)] = [
        .summary: ("work summary", "工作总结"), .plan: ("work plan", "工作计划"), .summaryAndPlan: ("summary and plan", "工作总结和计划"),
        .report: ("work report", "工作报告"), .unknown: ("kind unknown", "类型不明"),
    ]
    static let statuses: [SectionStatus.Status: (en: String, zh: String)] = [
        .present: ("present", "有"), .missing: ("missing", "缺"), .empty: ("empty", "空"),
        .outOfOrder: ("out of order", "顺序不对"), .notChecked: ("not checked", "未检查"),
    ]
    static let evidence: [SectionStatus.Evidence: (en: String, zh: String)] = [
        .heading: ("by its heading", "据标题"), .cue: ("by a cue phrase", "据提示语"), .none: ("—", "—"),
    ]
    static let severities: [Severity: (en: String, zh: String)] = [
        .error: ("error", "错误"), .warning: ("warning", "警告"), .info: ("info", "提示"),
    ]
}
