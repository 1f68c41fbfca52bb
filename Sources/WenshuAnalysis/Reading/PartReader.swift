import CXML
import Foundation

/// Reads one XML part of a .docx (or pdftotext's XHTML, from its file) with libxml2's streaming
/// reader (`wenshu_xml_read` and `wenshu_xml_read_file` in CXML) and
/// hands its elements and text to an `XMLHandler`, as a SAX parser would: a start for every
/// element (its local name, namespace and attributes by qualified name, namespace declarations
/// left out), an end for every element (a self-closing one too), and its text and whitespace.
/// CDATA sections, comments and processing instructions are not handed on (Word writes none in
/// its text).
///
/// Foundation's `XMLParser` did this before. It loses about 1 KB on every part that is not
/// well-formed (each libxml2 error becomes an `NSError` that is never released), so a `serve`
/// fed malformed uploads grew without bound; and it crashed on a processing instruction without
/// data. Network access, DTD loading and entity substitution are off; the first error or warning
/// stops the reading and is kept with libxml2's code and line, as `XMLParser`'s delegate saw it.
final class PartReader {
    struct Failure: Error, Equatable {
        /// libxml2's error code (`xmlParserErrors`): 4 an empty document, 9 an invalid character,
        /// 76 a mismatched end tag…; 0 when libxml2 stopped without saying why.
        let code: Int
        let line: Int
        let message: String
    }

    /// The deepest an element may be nested (the root is at depth 0). Word nests a few dozen
    /// levels (a table in a table, a text box in a drawing); libxml2's own default is 256.
    static let maxDepth: Int32 = 256

    private let handler: XMLHandler
    private var attributes: [String: String] = [:]
    private var aborted = false

    private init(handler: XMLHandler) { self.handler = handler }

    /// Asked by a handler (the work was cancelled): reading stops after the current node.
    func abortParsing() { aborted = true }

    /// Reads `data` (checked UTF-8), handing it to `handler`; the first error, or nil (also when
    /// a handler stopped the reading).
    static func read(_ data: Data, name: String, handler: XMLHandler) -> Failure? {
        // libxml2's own answer for an empty document (Foundation's parser said nothing for a part
        // of fewer than 4 bytes, and read it as empty).
        guard !data.isEmpty else { return Failure(code: 4, line: 1, message: "Document is empty") }
        guard data.count <= Int(Int32.max) else {
            return Failure(code: 1, line: 0, message: "the part is larger than the XML reader can take")
        }
        return run(handler) { callbacks, code, line, message in
            data.withUnsafeBytes { raw in
                wenshu_xml_read(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), name, maxDepth, callbacks,
                                code, line, message, 256)
            }
        }
    }

    /// Reads the UTF-8 XML file at `file` as it goes (it is never held whole in memory), handing
    /// it to `handler`; the first error, or nil (also when a handler stopped the reading).
    static func read(file: URL, handler: XMLHandler) -> Failure? {
        run(handler) { callbacks, code, line, message in
            wenshu_xml_read_file(file.path, maxDepth, callbacks, code, line, message, 256)
        }
    }

    /// Calls `read` (one of CXML's readers) with callbacks that reach `handler`.
    private static func run(_ handler: XMLHandler,
                            _ read: (WenshuXMLCallbacks, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>) -> Int32) -> Failure? {
        let reader = PartReader(handler: handler)
        let context = Unmanaged.passUnretained(reader).toOpaque()
        let callbacks = WenshuXMLCallbacks(
            context: context,
            attribute: { context, name, value in
                let reader = Unmanaged<PartReader>.fromOpaque(context!).takeUnretainedValue()
                reader.attributes[String(cString: name!)] = String(cString: value!)
                return 0
            },
            start: { context, local, namespace, _ in
                let reader = Unmanaged<PartReader>.fromOpaque(context!).takeUnretainedValue()
                let attributes = reader.attributes
                reader.attributes = [:]
                reader.handler.parser(reader, didStartElement: String(cString: local!), namespaceURI: String(cString: namespace!),
                                      qualifiedName: nil, attributes: attributes)
                return reader.aborted ? 1 : 0
            },
            end: { context, local, namespace in
                let reader = Unmanaged<PartReader>.fromOpaque(context!).takeUnretainedValue()
                reader.handler.parser(reader, didEndElement: String(cString: local!), namespaceURI: String(cString: namespace!), qualifiedName: nil)
                return reader.aborted ? 1 : 0
            },
            text: { context, text in
                let reader = Unmanaged<PartReader>.fromOpaque(context!).takeUnretainedValue()
                reader.handler.parser(reader, foundCharacters: String(cString: text!))
                return reader.aborted ? 1 : 0
            })
        var code: Int32 = 0, line: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let result = withExtendedLifetime(reader) {
            message.withUnsafeMutableBufferPointer { buffer in read(callbacks, &code, &line, buffer.baseAddress!) }
        }
        guard result == 1 else { return nil }
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return Failure(code: Int(code), line: Int(line), message: text)
    }
}
