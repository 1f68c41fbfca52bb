/// A set of Unicode scalars with constant-time membership: a bitmap over the Basic Multilingual
/// Plane and a Swift set for anything beyond it. Built once from data files, read in hot loops.
public struct ScalarSet: Sendable, Equatable {
    private var bits = [UInt64](repeating: 0, count: 1024)
    private var astral: Set<UInt32> = []

    public init() {}

    public init<S: Sequence>(_ scalars: S) where S.Element == UInt32 {
        for v in scalars { insert(v) }
    }

    public init(_ string: String) { self.init(string.unicodeScalars.map(\.value)) }

    /// True until a scalar is inserted.
    public private(set) var isEmpty = true

    public mutating func insert(_ v: UInt32) {
        isEmpty = false
        if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { astral.insert(v) }
    }

    @inline(__always)
    public func contains(_ v: UInt32) -> Bool {
        if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        return astral.contains(v)
    }
}
