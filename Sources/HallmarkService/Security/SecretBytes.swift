/// Secrets' two operations, written once: bytes from the system's secure random source, and a
/// comparison whose time does not depend on where two values first differ.
enum SecretBytes {
    /// `count` bytes from the system's secure random source.
    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Whether `a` and `b` are equal, looking at every byte whatever the first difference.
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
