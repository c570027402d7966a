import Testing

@testable import Hallmark

@Suite("Composite keys: parts with their lengths, read back whole")
struct CompositeKeyTests {
    @Test("parts of every length round-trip, across the one-, two- and three-byte length forms")
    func roundTrip() {
        let lengths = [0, 1, 7, 127, 128, 129, 300, 16_383, 16_384, 70_000]
        let parts = lengths.enumerated().map { index, length in
            (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ index) }
        }
        var key: [UInt8] = []
        for part in parts { part.withUnsafeBytes { CompositeKey.append(part: $0, to: &key) } }
        // Each length costs one byte per seven bits: 1 + 1 + 1 + 1 + 2 + 2 + 2 + 2 + 3 + 3.
        #expect(key.count == lengths.reduce(0, +) + 18)
        let decoded = key.withUnsafeBytes { CompositeKey.parts(of: $0).map { Array($0) } }
        #expect(decoded == parts)
    }

    @Test("where one part ends and the next begins is part of the key")
    func boundaries() {
        func key(_ parts: [String]) -> [UInt8] {
            var key: [UInt8] = []
            for part in parts { Array(part.utf8).withUnsafeBytes { CompositeKey.append(part: $0, to: &key) } }
            return key
        }
        #expect(key(["ab", "c"]) != key(["a", "bc"]))
        #expect(key(["", "a"]) != key(["a", ""]))
        #expect(key(["a"]) != key(["a", ""]))
        var upper: [UInt8] = []
        Array("aB1".utf8).withUnsafeBytes { CompositeKey.append(upperCasing: $0, to: &upper) }
        #expect(upper == key(["AB1"]))
    }
}
