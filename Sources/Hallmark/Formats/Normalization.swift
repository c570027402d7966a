/// A rewrite a format allows before it checks a value, named in `normalize:`.
///
/// The value in the data is never changed; the check runs on a normalised copy.
public enum Normalization: String, Sendable, CaseIterable {
    /// Remove every ASCII space: `943 476 5919` is checked as `9434765919`.
    case stripSpaces = "strip-spaces"
    /// ASCII letters to upper case: `sw1a 1aa` is checked as `SW1A 1AA`.
    case uppercase
    /// Remove leading and trailing spaces and tabs.
    case trim

    /// Applies the normalisations in order, writing into `scratch` (reused between cells).
    package static func apply(_ steps: [Normalization], to bytes: UnsafeRawBufferPointer, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes)
        for step in steps {
            switch step {
            case .stripSpaces:
                scratch.removeAll { $0 == 0x20 }
            case .uppercase:
                for index in scratch.indices { scratch[index] = upper(scratch[index]) }
            case .trim:
                var end = scratch.count
                while end > 0, scratch[end - 1] == 0x20 || scratch[end - 1] == 0x09 { end -= 1 }
                var start = 0
                while start < end, scratch[start] == 0x20 || scratch[start] == 0x09 { start += 1 }
                if start > 0 || end < scratch.count {
                    // In place, so the scratch buffer keeps its capacity.
                    scratch.removeSubrange(end...)
                    scratch.removeSubrange(..<start)
                }
            }
        }
    }

    /// An ASCII lower-case letter in upper case; every other byte as it is.
    @inline(__always)
    static func upper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
    }
}
