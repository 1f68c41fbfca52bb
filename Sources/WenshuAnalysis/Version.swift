public enum WenshuAnalysis { public static let version = "0.1.0" }
