/// Coarse character classes used by normalisation, sentence splitting and segmentation.
/// These are facts about Unicode blocks and scripts, not word lists.
public enum CharacterClass: UInt8, Sendable {
    case han, digit, latin, space, newline, punctuation, other

    @inline(__always)
    public static func of(_ v: UInt32) -> CharacterClass {
        switch v {
        case 0x30...0x39: return .digit
        case 0x41...0x5A, 0x61...0x7A: return .latin
        case 0x0A, 0x0D, 0x2028, 0x2029, 0x85: return .newline
        case 0x09, 0x0B, 0x0C, 0x20, 0xA0, 0x3000, 0x2000...0x200A, 0x202F, 0x205F: return .space
        case 0x3007: return .han  // 〇 ideographic number zero
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF: return .han
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return .punctuation
        case 0x2010...0x2027, 0x2030...0x205E, 0x3001...0x3006, 0x3008...0x303F, 0xFE30...0xFE4F,
             0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65, 0xB7, 0xA7, 0xD7, 0x25CB:
            return .punctuation
        case 0xFF10...0xFF19: return .digit
        case 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .latin
        case 0xC0...0x24F: return .latin
        default: return .other
        }
    }

    @inline(__always) public static func isHan(_ v: UInt32) -> Bool { of(v) == .han }

    /// Zero-width and invisible format characters that carry no text (dropped by normalisation).
    @inline(__always)
    public static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E: return true
        default: return false
        }
    }
}
