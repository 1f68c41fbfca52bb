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

    public mutating func insert(_ v: UInt32) {
        if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { astral.insert(v) }
    }

    @inline(__always)
    public func contains(_ v: UInt32) -> Bool {
        if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        return astral.contains(v)
    }
}

/// A hash table from 64-bit keys (already well mixed, e.g. FNV-1a) to 32-bit values, with open
/// addressing: much cheaper per lookup than a Swift Dictionary in the segmenter's inner loop.
public struct HashTable64: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var used: [Bool]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key ^ (key >> 31)) &* 0x9E3779B97F4A7C15 >> 20) & mask }

    @inline(__always)
    public subscript(key: UInt64) -> Int32? {
        var i = slot(key)
        while used[i] {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Makes room for `capacity` keys without growing again.
    public mutating func reserveCapacity(_ capacity: Int) {
        while capacity * 2 > keys.count { grow() }
    }

    public mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while used[i] {
            if keys[i] == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        used[i] = true; keys[i] = key; values[i] = value; count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values, oldUsed = used
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
        count = 0
        for i in 0..<oldKeys.count where oldUsed[i] { set(oldKeys[i], oldValues[i]) }
    }
}
