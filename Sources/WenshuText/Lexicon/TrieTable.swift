/// The edges of a lexicon's trie in one open-addressing hash table: (parent node, character) →
/// the child node and what it is (a word's end, a prefix of longer words, or both).
///
/// Keys are exact — a parent node number and a scalar — so a lookup that finds a key has found
/// that prefix, with nothing to verify. A slot is 16 bytes: the key and the packed value, read
/// together in one cache line.
struct TrieTable: Sendable {
    /// A child node packed as `node << 32 | info`, where `info` is `(entry + 1) << 1 | 1 if
    /// longer words continue from it`. Every node is a word's end or a prefix, so a packed
    /// value is never 0: 0 means "no such edge".
    typealias Packed = UInt64
    struct Slot { var key: UInt64; var value: Packed }
    static let emptyKey = UInt64.max

    private(set) var slots: [Slot]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: TrieTable.emptyKey, value: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always) static func key(_ parent: UInt32, _ scalar: UInt32) -> UInt64 { UInt64(parent) << 32 | UInt64(scalar) }
    @inline(__always) static func node(_ p: Packed) -> UInt32 { UInt32(truncatingIfNeeded: p >> 32) }
    @inline(__always) static func info(_ p: Packed) -> Int32 { Int32(truncatingIfNeeded: p) }
    @inline(__always) static func pack(node: UInt32, info: Int32) -> Packed { UInt64(node) << 32 | UInt64(UInt32(bitPattern: info)) }

    /// Fibonacci hashing: the high bits of the product, which depend on every bit of the key.
    @inline(__always) private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift) }

    /// The child for `key`, or 0.
    @inline(__always)
    func find(_ key: UInt64) -> Packed {
        slots.withUnsafeBufferPointer { s in
            var i = home(key)
            while true {
                let slot = s[i]
                if slot.key == key { return slot.value }
                if slot.key == TrieTable.emptyKey { return 0 }
                i = (i + 1) & mask
            }
        }
    }

    /// The slot of `key`, claiming an empty one (value 0) if the key is new.
    mutating func slotIndex(inserting key: UInt64) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        var i = home(key)
        while slots[i].key != TrieTable.emptyKey {
            if slots[i].key == key { return i }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: 0)
        count += 1
        return i
    }

    subscript(slot i: Int) -> Packed {
        get { slots[i].value }
        set { slots[i].value = newValue }
    }

    /// The same table at the smallest size that keeps it at most 70 % full: a lexicon is built
    /// once and read millions of times, and a smaller table misses the cache less.
    func compacted() -> TrieTable {
        var size = 16
        while Double(size) * 0.7 < Double(count) { size <<= 1 }
        guard size < slots.count else { return self }
        var t = TrieTable(capacity: 1)
        t.resize(to: size, from: slots)
        t.count = count
        return t
    }

    /// Makes room for `capacity` keys without growing again.
    mutating func reserveCapacity(_ capacity: Int) {
        while capacity * 2 > slots.count { grow() }
    }

    private mutating func grow() { resize(to: slots.count * 2, from: slots) }

    private mutating func resize(to size: Int, from old: [Slot]) {
        var fresh = [Slot](repeating: Slot(key: TrieTable.emptyKey, value: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        fresh.withUnsafeMutableBufferPointer { s in
            for slot in old where slot.key != TrieTable.emptyKey {
                var i = home(slot.key)
                while s[i].key != TrieTable.emptyKey { i = (i + 1) & mask }
                s[i] = slot
            }
        }
        slots = fresh
    }
}
