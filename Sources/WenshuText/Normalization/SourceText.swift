/// A position a person can find: a Unicode-scalar offset (0-based) into the decoded input,
/// and the 1-based line and column (in scalars) of that offset.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable {
    public let offset: Int
    public let line: Int
    public let column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
}

/// A half-open range of Unicode-scalar offsets, 0-based.
public struct TextRange: Sendable, Equatable, Hashable, Codable {
    public let start: Int
    public let end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "a range starts before it ends")
        self.start = start
        self.end = end
    }

    public var count: Int { end - start }
    public var isEmpty: Bool { start == end }
    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
}

/// The decoded input as Unicode scalars, with a table of line starts so that any offset can be
/// turned into a line and column. Lines end at LF, CR LF, CR, U+2028 and U+2029.
public struct SourceText: Sendable {
    public let scalars: [UInt32]
    /// Scalar offset at which each line starts; lineStarts[0] == 0.
    public let lineStarts: [Int]

    public init(_ text: String) {
        self.init(scalars: text.unicodeScalars.map(\.value))
    }

    public init(scalars: [UInt32]) {
        self.scalars = scalars
        var starts = [0]
        var i = 0
        let n = scalars.count
        while i < n {
            let v = scalars[i]
            if v == 0x0D {
                if i + 1 < n && scalars[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            } else if v == 0x0A || v == 0x2028 || v == 0x2029 {
                starts.append(i + 1)
            }
            i += 1
        }
        lineStarts = starts
    }

    public var count: Int { scalars.count }

    /// The 1-based line and column of a scalar offset (an offset at the end gives the end position).
    public func location(of offset: Int) -> SourceLocation {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(offset: offset, line: lo + 1, column: offset - lineStarts[lo] + 1)
    }

    /// The text of a scalar range.
    public func text(in range: TextRange) -> String {
        String(scalars: scalars[range.start..<range.end])
    }
}
