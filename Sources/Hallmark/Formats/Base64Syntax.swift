/// Table Schema's string format `binary`: standard base64 (RFC 4648 §4), padded.
///
/// frictionless-py decides `binary` by whether Python's `base64.b64decode(cell)` raises, with its
/// default `validate=False`. That call first *discards* every byte outside the alphabet, then
/// decodes what is left, ignoring anything after the padding. So it takes `dGVz dA==`,
/// `dGVzdA==!!` and `====`, and refuses only values whose alphabet characters, counted, leave a
/// quantum it cannot pad: `string` is six characters, 6 mod 4 = 2, and "Incorrect padding" without
/// the two `=` that would complete it.
///
/// A cell is valid here when it is the canonical shape of what Python decodes: only alphabet bytes
/// (`A–Z a–z 0–9 + /`), a length that is a multiple of four, and at most two `=`, only at the
/// end. Every such cell Python decodes too, so this never fails a value frictionless passes for
/// its shape; it fails what Python passes only by dropping bytes (spaces, line breaks, `-` or `_`
/// from the URL-safe alphabet, text after the padding, padding with no data), which in a cell is
/// damage rather than base64. Unpadded base64 is invalid unless its length is already a multiple of
/// four, as it is for Python. Unused low bits in the last character (`dGVzdB==`) are accepted, as
/// Python and RFC 4648 §3.5's "MAY" do. The empty cell is valid (it decodes to no bytes); whether
/// an empty cell is allowed at all is the field's `required`, decided before this.
package enum Base64Syntax {
    /// Whether `bytes` is standard, padded base64 (see the type's documentation).
    package static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count % 4 == 0 else { return false }
        var end = count
        // Up to two `=` close the last quantum. A third (`A===`, `====`) is left in and fails the
        // alphabet: one character is six bits, no byte.
        if end > 0 && bytes[end - 1] == 0x3D { end -= 1 }
        if end > 0 && bytes[end - 1] == 0x3D { end -= 1 }
        for index in 0..<end where !isAlphabet(bytes[index]) { return false }
        return true
    }

    @inline(__always)
    private static func isAlphabet(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded >= 0x61 && folded <= 0x7A) || isDigit(byte) || byte == 0x2B || byte == 0x2F
    }
}
