import Foundation

/// Checks a YAML data file (a structure, a theme taxonomy) before Yams reads it, so that a
/// hostile file gives a clear error instead of exhausting the stack or memory:
///
/// - nesting deeper than `maxDepth` (Yams builds nested values recursively, and a 10 KB file
///   nested 5,000 deep overflows the stack): the depth counted is the block indentation levels,
///   the `- `/`? ` entries opened on one line and the open flow brackets `[` `{`;
/// - anchors and aliases (`&name`, `*name`): Wenshu's files need none, and aliases can multiply a
///   small file into billions of values;
/// - a file larger than `maxBytes`.
///
/// The scan is one pass over the text, linear in its size. Quoted scalars, comments and block
/// scalars (`|`, `>`) are skipped, so a regular expression such as `[0-9]{2}` in a quoted cue is
/// not taken for a flow collection.
public enum YAMLGuard {
    public static let maxDepth = 64
    public static let maxBytes = 4 << 20

    public struct Violation: Error, Equatable, Sendable {
        public let line: Int
        public let reason: String
    }

    /// The first violation in `text`, or nil when Yams may read it.
    public static func check(_ text: String) -> Violation? {
        let bytes = Array(text.utf8)
        if bytes.count > maxBytes {
            return Violation(line: 1, reason: "the file is \(bytes.count) bytes, more than the \(maxBytes)-byte limit for a data file")
        }
        var indents: [Int] = []        // block indentation columns, strictly increasing
        var flow = 0                   // open [ and {
        var quote: UInt8? = nil        // open quote carried across lines
        var blockScalarParent: Int? = nil  // indentation of the line that opened a | or > scalar
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var line = Array(bytes[start..<end])
            if line.last == 0x0D { line.removeLast() }
            start = end + 1
            if end == bytes.count && line.isEmpty { break }

            var i = 0
            while i < line.count && line[i] == 0x20 { i += 1 }
            let indent = i
            let blank = i == line.count || line[i] == 0x23  // empty or a comment line
            if let parent = blockScalarParent {
                if blank || indent > parent { continue }
                blockScalarParent = nil
            }
            if quote == nil && flow == 0 {
                if blank { continue }
                if line[i] == 0x2D && line.count >= i + 3 && line[i + 1] == 0x2D && line[i + 2] == 0x2D { indents = []; continue }  // ---
                while let top = indents.last, top > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
                // "- - - x", "? x": each entry indicator opens one more level on this line.
                while i + 1 < line.count, line[i] == 0x2D || line[i] == 0x3F, line[i + 1] == 0x20 || line[i + 1] == 0x09 {
                    i += 2
                    while i < line.count && line[i] == 0x20 { i += 1 }
                    indents.append(i)
                    if indents.count > maxDepth { break }
                }
                if indents.count > maxDepth {
                    return Violation(line: lineNumber, reason: "nesting deeper than \(maxDepth) levels (the limit for a data file)")
                }
            }
            // The rest of the line: quotes, flow brackets, anchors, aliases, comments.
            var atNodeStart = quote == nil
            var previous: UInt8 = 0x20
            while i < line.count {
                let c = line[i]
                if let q = quote {
                    if q == 0x22 && c == 0x5C { i += 2; continue }  // \" in a double-quoted scalar
                    if c == q {
                        if q == 0x27 && i + 1 < line.count && line[i + 1] == 0x27 { i += 2; continue }  // '' in single quotes
                        quote = nil
                    }
                    previous = c; i += 1; continue
                }
                if c == 0x23 && (previous == 0x20 || previous == 0x09) { break }  // a comment
                if atNodeStart {
                    switch c {
                    case 0x22, 0x27: quote = c; atNodeStart = false; previous = c; i += 1; continue
                    case 0x26, 0x2A:
                        return Violation(line: lineNumber, reason: "anchors and aliases (& and *) are not allowed in Wenshu's data files")
                    case 0x7C, 0x3E:  // | or > : a block scalar; its lines are text
                        blockScalarParent = indent
                        i = line.count; continue
                    default: break
                    }
                }
                switch c {
                case 0x5B where atNodeStart || flow > 0, 0x7B where atNodeStart || flow > 0:
                    flow += 1
                    if indents.count + flow > maxDepth {
                        return Violation(line: lineNumber, reason: "nesting deeper than \(maxDepth) levels (the limit for a data file)")
                    }
                    atNodeStart = true
                case 0x5D where flow > 0, 0x7D where flow > 0:
                    flow -= 1
                    atNodeStart = false
                case 0x2C where flow > 0:
                    atNodeStart = true
                case 0x20, 0x09:
                    break
                case 0x3A where i + 1 == line.count || line[i + 1] == 0x20 || line[i + 1] == 0x09 || (flow > 0 && i + 1 < line.count && [0x2C, 0x5D, 0x7D].contains(line[i + 1])):
                    atNodeStart = true
                case 0x2D where atNodeStart && (i + 1 == line.count || line[i + 1] == 0x20),
                     0x3F where atNodeStart && (i + 1 == line.count || line[i + 1] == 0x20):
                    atNodeStart = true
                default:
                    atNodeStart = false
                }
                previous = c
                i += 1
            }
        }
        return nil
    }
}
