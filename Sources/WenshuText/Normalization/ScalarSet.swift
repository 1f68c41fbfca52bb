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

/// A hash table from 64-bit keys (already well mixed, e.g. FNV-1a) to 32-bit values, with open
/// addressing: much cheaper per lookup than a Swift Dictionary in the segmenter's inner loop.
public struct HashTable64: Sendable {
    /// What a lookup reads: 8 bytes a slot (a 32-bit check of the key, never 0, and the value),
    /// so more of the table stays in cache. The full keys sit apart and are read only to insert.
    struct Slot { var check: UInt32; var value: Int32 }
    private var slots: [Slot]
    private var keys: [UInt64]
    private var shift: UInt64
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(check: 0, value: 0), count: size)
        keys = [UInt64](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Fibonacci hashing: the high bits of the product, which depend on every bit of the key.
    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift) }
    @inline(__always) private static func check(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key) | 1 }

    /// The value for `key`. Two keys that share a slot chain and their check bits (about one
    /// in four billion) could be confused; callers verify what a value points at.
    @inline(__always)
    public subscript(key: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            let c = HashTable64.check(key)
            var i = slot(key)
            while slots[i].check != 0 {
                if slots[i].check == c { return slots[i].value }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Makes room for `capacity` keys without growing again.
    public mutating func reserveCapacity(_ capacity: Int) {
        while capacity * 2 > slots.count { grow() }
    }

    public mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = slot(key)
        while slots[i].check != 0 {
            if keys[i] == key { slots[i].value = value; return }
            i = (i + 1) & mask
        }
        slots[i] = Slot(check: HashTable64.check(key), value: value); keys[i] = key; count += 1
    }

    /// Finds `key`'s slot, claiming an empty one (value 0) if the key is new, and lets `body`
    /// read and change the value: one probe where `self[key]` then `set` would take two.
    public mutating func update<R>(_ key: UInt64, _ body: (inout Int32, _ isNew: Bool) -> R) -> R {
        if (count + 1) * 2 > slots.count { grow() }
        var i = slot(key)
        while slots[i].check != 0 {
            if keys[i] == key { return body(&slots[i].value, false) }
            i = (i + 1) & mask
        }
        slots[i] = Slot(check: HashTable64.check(key), value: 0); keys[i] = key; count += 1
        return body(&slots[i].value, true)
    }

    private mutating func grow() {
        let oldSlots = slots, oldKeys = keys
        let size = slots.count * 2
        slots = [Slot](repeating: Slot(check: 0, value: 0), count: size)
        keys = [UInt64](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for i in 0..<oldSlots.count where oldSlots[i].check != 0 { set(oldKeys[i], oldSlots[i].value) }
    }
}
