import Foundation

public enum TextDecoderTestSupport {
    /// `text` in GB18030, converted by iconv (nil when it is missing).
    public static func gb18030(_ text: String) -> Data? {
        guard let r = try? TestProcess.run(URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", "GB18030"], stdin: Data(text.utf8)) else { return nil }
        return r.status == 0 ? r.out : nil
    }
}
