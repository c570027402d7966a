/// Table Schema's string format `uri`: an absolute URI by RFC 3986's grammar,
/// `scheme ":" hier-part [ "?" query ] [ "#" fragment ]`, with any scheme.
///
/// Checked: the scheme (a letter, then letters, digits, `+`, `-`, `.`); with `//`, the authority's
/// user information, host (a registered name, or an IPv6 or IPvFuture literal in brackets) and
/// port digits; the path, query and fragment characters; and that every `%` starts a
/// percent-encoding of two hex digits. An IPv4 address is a registered name by the grammar, so
/// `999.1.1.1` passes as one, as it does for RFC 3986. Not checked: anything a scheme adds
/// (`http` needing a host), or whether a name resolves.
///
/// frictionless-py asks the `rfc3986` package only that a scheme is present, so it passes
/// `http://exa mple.com` and `http://x/%zz`; those are not URIs, and here they fail. Bytes
/// outside ASCII fail too: an IRI must be percent-encoded to be a URI. Zone identifiers in IPv6
/// literals (RFC 6874's `%25`) are not RFC 3986 and fail.
package enum URISyntax {
    /// Whether `bytes` is an absolute URI (see the type's documentation).
    package static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0, isLetter(bytes[0]) else { return false }
        var index = 1
        while index < count, isSchemeByte(bytes[index]) { index += 1 }
        guard index < count, bytes[index] == 0x3A else { return false }  // :
        index += 1
        // The hier-part ends at the query or the fragment.
        var end = index
        while end < count, bytes[end] != 0x3F && bytes[end] != 0x23 { end += 1 }  // ? #
        if end - index >= 2 && bytes[index] == 0x2F && bytes[index + 1] == 0x2F {  // //
            var pathStart = index + 2
            while pathStart < end, bytes[pathStart] != 0x2F { pathStart += 1 }
            guard isAuthority(bytes, from: index + 2, to: pathStart) else { return false }
            index = pathStart
        }
        // Every path form is pchars and `/` once the authority is taken away (a path that began
        // with `//` would have been an authority).
        guard allValid(bytes, from: index, to: end, allowing: .path) else { return false }
        index = end
        if index < count, bytes[index] == 0x3F {
            end = index + 1
            while end < count, bytes[end] != 0x23 { end += 1 }
            guard allValid(bytes, from: index + 1, to: end, allowing: .queryOrFragment) else { return false }
            index = end
        }
        if index < count {  // # (the only byte that can stop the query)
            guard allValid(bytes, from: index + 1, to: count, allowing: .queryOrFragment) else { return false }
        }
        return true
    }

    /// Which bytes a component may have besides unreserved characters, sub-delims and
    /// percent-encodings.
    private enum Component {
        /// `userinfo`: also `:`.
        case userInfo
        /// `reg-name`: nothing else.
        case registeredName
        /// `segment`s joined by `/`: also `:` `@` `/`.
        case path
        /// also `:` `@` `/` `?`.
        case queryOrFragment
    }

    private static func allValid(
        _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, allowing component: Component
    ) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x25 {  // %
                guard index + 2 < end, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            let allowed: Bool
            if isUnreserved(byte) || isSubDelimiter(byte) {
                allowed = true
            } else {
                switch component {
                case .userInfo: allowed = byte == 0x3A
                case .registeredName: allowed = false
                case .path: allowed = byte == 0x3A || byte == 0x40 || byte == 0x2F
                case .queryOrFragment: allowed = byte == 0x3A || byte == 0x40 || byte == 0x2F || byte == 0x3F
                }
            }
            guard allowed else { return false }
            index += 1
        }
        return true
    }

    /// `[ userinfo "@" ] host [ ":" port ]` in `start..<end`.
    private static func isAuthority(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var hostStart = start
        // userinfo has no `@`, so the first one ends it; a second fails the host.
        var at = start
        while at < end, bytes[at] != 0x40 { at += 1 }
        if at < end {
            guard allValid(bytes, from: start, to: at, allowing: .userInfo) else { return false }
            hostStart = at + 1
        }
        var hostEnd: Int
        if hostStart < end && bytes[hostStart] == 0x5B {  // [
            var close = hostStart + 1
            while close < end, bytes[close] != 0x5D { close += 1 }  // ]
            guard close < end, isIPLiteral(bytes, from: hostStart + 1, to: close) else { return false }
            hostEnd = close + 1
        } else {
            hostEnd = hostStart
            while hostEnd < end, bytes[hostEnd] != 0x3A { hostEnd += 1 }
            guard allValid(bytes, from: hostStart, to: hostEnd, allowing: .registeredName) else { return false }
        }
        guard hostEnd < end else { return true }
        // `:` then the port: any number of digits, none too (RFC 3986 §3.2.3).
        guard bytes[hostEnd] == 0x3A else { return false }
        for index in (hostEnd + 1)..<end where !isDigit(bytes[index]) { return false }
        return true
    }

    /// `IPv6address / IPvFuture`, between the brackets.
    private static func isIPLiteral(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        if bytes[start] | 0x20 == 0x76 {  // v: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            var index = start + 1
            while index < end, isHexDigit(bytes[index]) { index += 1 }
            guard index > start + 1, index < end, bytes[index] == 0x2E, index + 1 < end else { return false }
            for byte in bytes[(index + 1)..<end] where !(isUnreserved(byte) || isSubDelimiter(byte) || byte == 0x3A) {
                return false
            }
            return true
        }
        return isIPv6(bytes, from: start, to: end)
    }

    /// RFC 3986's `IPv6address`: eight 16-bit groups of one to four hex digits, or fewer with one
    /// `::` standing for the rest, the last 32 bits optionally as a dotted IPv4 address.
    private static func isIPv6(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var index = start
        var groups = 0
        var elided = false
        if end - index >= 2 && bytes[index] == 0x3A && bytes[index + 1] == 0x3A {
            elided = true
            index += 2
        }
        while index < end {
            // A group of decimal digits followed by `.` starts the IPv4 tail, which must end the literal.
            var digitsEnd = index
            while digitsEnd < end, isDigit(bytes[digitsEnd]) { digitsEnd += 1 }
            if digitsEnd < end && bytes[digitsEnd] == 0x2E {
                guard isIPv4(bytes, from: index, to: end) else { return false }
                groups += 2
                index = end
                break
            }
            var groupEnd = index
            while groupEnd < end, groupEnd - index < 5, isHexDigit(bytes[groupEnd]) { groupEnd += 1 }
            guard groupEnd > index, groupEnd - index <= 4 else { return false }
            groups += 1
            index = groupEnd
            guard index < end else { break }
            guard bytes[index] == 0x3A else { return false }
            index += 1
            if index < end && bytes[index] == 0x3A {
                guard !elided else { return false }
                elided = true
                index += 1
            } else if index == end {
                return false  // a single `:` at the end
            }
        }
        // `::` stands for at least one group.
        return elided ? groups <= 7 : groups == 8
    }

    /// `dec-octet "." dec-octet "." dec-octet "." dec-octet`, each 0–255 without leading zeros.
    private static func isIPv4(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var index = start
        for octet in 0..<4 {
            if octet > 0 {
                guard index < end, bytes[index] == 0x2E else { return false }
                index += 1
            }
            let digitsStart = index
            var value = 0
            while index < end, index - digitsStart < 4, isDigit(bytes[index]) {
                value = value * 10 + Int(bytes[index] &- 0x30)
                index += 1
            }
            let length = index - digitsStart
            guard length >= 1, length <= 3, value <= 255, length == 1 || bytes[digitsStart] != 0x30 else {
                return false
            }
        }
        return index == end
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    @inline(__always)
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E  // + - .
    }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return isDigit(byte) || (folded >= 0x61 && folded <= 0x66)
    }

    /// `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// `"!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
    @inline(__always)
    private static func isSubDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true
        default: return false
        }
    }
}
