import Foundation
import Testing

@testable import Hallmark

private func withBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    Array(text.utf8).withUnsafeBytes(body)
}

private func duration(_ text: String) -> ISODuration? { withBytes(text) { ISODuration.parse($0) } }

/// A cell of a million `byte`s between `prefix` and `suffix`.
private func huge(_ byte: UInt8, then suffix: String = "", prefix: String = "") -> [UInt8] {
    Array(prefix.utf8) + [UInt8](repeating: byte, count: 1_000_000) + Array(suffix.utf8)
}

/// Value syntaxes for Table Schema's types and formats, a suite each.
@Suite("Flexible syntaxes")
struct FlexibleSyntaxTests {}

extension FlexibleSyntaxTests {
    /// ISO 8601 durations, Table Schema's `duration`.
    @Suite("ISO 8601 durations")
    struct Durations {
        @Test(
            "valid durations and their months, seconds and nanoseconds",
            arguments: [
                ("P1Y10M3DT5H11M7S", 22, 3 * 86_400 + 5 * 3600 + 11 * 60 + 7, 0),
                ("P1Y", 12, 0, 0), ("P1M", 1, 0, 0), ("PT1S", 0, 1, 0), ("P1W", 0, 604_800, 0), ("PT0S", 0, 0, 0),
                ("PT1.5S", 0, 1, 500_000_000), ("PT1,5S", 0, 1, 500_000_000), ("P1DT12H", 0, 129_600, 0),
                ("PT36H", 0, 129_600, 0), ("P0.5W", 0, 302_400, 0), ("P1.5D", 0, 129_600, 0),
                ("P1DT1.5H", 0, 91_800, 0),
                ("PT0.000000001S", 0, 0, 1), ("PT0.1234567899S", 0, 0, 123_456_789), ("P01Y", 12, 0, 0),
                ("P1.5Y", 12, 15_778_476, 0), ("P1Y0.5M", 12, 1_314_873, 0), ("+P1D", 0, 86_400, 0),
                ("-P1D", 0, -86_400, 0), ("-P1Y2M", -14, 0, 0), ("-PT1.5S", 0, -2, 500_000_000),
                // The alternative form.
                ("P0001-02-03T04:05:06", 14, 3 * 86_400 + 4 * 3600 + 5 * 60 + 6, 0),
                ("P0000-00-00T00:00:00", 0, 0, 0), ("P0000-12-30T23:59:59.5", 12, 30 * 86_400 + 86_399, 500_000_000),
                ("-P0001-00-00T00:00:00", -12, 0, 0),
            ] as [(String, Int64, Int64, Int32)])
        func valid(_ text: String, months: Int64, seconds: Int64, nanoseconds: Int32) throws {
            let value = try #require(duration(text), "\(text)")
            #expect(value.months == months, "\(text)")
            #expect(value.seconds == seconds, "\(text)")
            #expect(value.nanoseconds == nanoseconds, "\(text)")
            #expect(
                value.key == TemporalKey(seconds: months * 2_629_746 + seconds, nanoseconds: nanoseconds), "\(text)")
        }

        @Test(
            "invalid durations",
            arguments: [
                "P1M1Y", "P-1Y", "year", "P", "PT", "P1YT", "1Y", "P1.5Y2M", "", "p1Y", "P1y", "P 1Y", "P1Y ", " P1Y",
                "P1D1D", "PT1S1M", "P1H", "PT1D", "PT1Y", "P1Y2W", "P1WT1H", "P2W1D", "PT1W", "P1.Y", "P.5Y", "P1.5",
                "P1", "PY", "P1YT1H1H", "PTT1H", "P1DTT1H", "--P1D", "+-P1D", "P+1Y", "P1e3S", "P1,5Y2M", "PT1.5M1S",
                "P1Y\u{0}", "P1Y2M3DT", "P１Y",
                // The alternative form: ISO's carry-over points, and its only shape.
                "P0001-13-00T00:00:00", "P0001-00-31T00:00:00", "P0001-00-00T24:00:00", "P0001-00-00T00:60:00",
                "P0001-00-00T00:00:60", "P0001-02-03", "P0001-02-03T04:05", "P0001-02-03 04:05:06",
                "P0001-02-03T04:05:06Z", "P20190101T102030", "P2019-001T10:20:30", "P0001-02-03T04:05:06.",
            ])
        func invalid(_ text: String) {
            #expect(duration(text) == nil, "\(text)")
        }

        @Test("durations order by months at their Gregorian average length")
        func ordering() throws {
            let month = try #require(duration("P1M")).key
            #expect(try #require(duration("P30D")).key < month)
            #expect(month < (try #require(duration("P31D")).key))
            #expect(try #require(duration("P1Y")).key == (try #require(duration("P12M")).key))
            #expect(try #require(duration("P1Y")).key == (try #require(duration("P0001-00-00T00:00:00")).key))
            #expect(try #require(duration("-P1D")).key < (try #require(duration("PT0S")).key))
            #expect(try #require(duration("-PT1.5S")).key < (try #require(duration("-PT1S")).key))
            #expect(try #require(duration("PT1.5S")).key < (try #require(duration("PT1.6S")).key))
            // Same key, different months: equality is the fields', ordering the key's.
            #expect(try #require(duration("P1M")) != (try #require(duration("PT2629746S"))))
            #expect(try #require(duration("P1M")).key == (try #require(duration("PT2629746S")).key))
        }

        /// A number past 64 bits is invalid however it is written; leading zeros and fraction digits
        /// cost nothing.
        @Test("huge numbers neither overflow nor crash")
        func hostile() throws {
            #expect(huge(0x31, then: "Y", prefix: "P").withUnsafeBytes { ISODuration.parse($0) } == nil)
            #expect(huge(0x39, then: "S", prefix: "PT").withUnsafeBytes { ISODuration.parse($0) } == nil)
            let zeros = try #require(huge(0x30, then: "1Y", prefix: "P").withUnsafeBytes { ISODuration.parse($0) })
            #expect(zeros.months == 12)
            let fraction = try #require(huge(0x39, then: "S", prefix: "PT0.").withUnsafeBytes { ISODuration.parse($0) })
            #expect(fraction.seconds == 0 && fraction.nanoseconds == 999_999_999)
            #expect(huge(0x30, then: "Y", prefix: "P1.").withUnsafeBytes { ISODuration.parse($0) }?.months == 12)
            #expect(huge(0x54, prefix: "P").withUnsafeBytes { ISODuration.parse($0) } == nil)
            // 64-bit edges: the largest whole number of seconds, one more, and months whose key overflows.
            #expect(duration("PT9223372036854775807S")?.seconds == Int64.max)
            #expect(duration("PT9223372036854775808S") == nil)
            #expect(duration("PT99999999999999999999999S") == nil)
            #expect(duration("P9223372036854775807Y") == nil)
            #expect(duration("P4000000000000M") == nil)
            #expect(duration("P3000000000000M")?.months == 3_000_000_000_000)
            #expect(duration("P1DT9223372036854775807S") == nil)
            #expect(duration("-PT9223372036854775807.5S")?.seconds == Int64.min)
            #expect([UInt8]([0x50, 0x31, 0xFF, 0x59]).withUnsafeBytes { ISODuration.parse($0) } == nil)
        }
    }

    /// Table Schema's string format `binary`.
    @Suite("Base64 syntax")
    struct Base64 {
        @Test(
            "valid base64",
            arguments: ["dGVzdA==", "", "dGVzdDE=", "dGVzdDEy", "+/+/", "abc=", "ab==", "dGVzdB==", "AAAA", "////"])
        func valid(_ text: String) {
            #expect(withBytes(text) { Base64Syntax.isValid($0) }, "\(text)")
        }

        /// Python's lenient decoder takes several of these by discarding bytes; here they fail.
        @Test(
            "invalid base64",
            arguments: [
                "string", "dGVzdA", "dGVzdA=", "dGVzdA===", "====", "A===", "=", "==", "dGVz dA==", "dGVzdA==\n",
                "dG==VzdA", "dGVzdA==dGVz", "-_-_", "dGVz!A==", "abcd=", "a", "ab=c", "=abc", "dGVzdA==dA==", "dGVzdé=",
            ])
        func invalid(_ text: String) {
            #expect(!withBytes(text) { Base64Syntax.isValid($0) }, "\(text)")
        }

        @Test("every encoding is valid; a byte outside the alphabet anywhere is not")
        func encodings() {
            var generator = SystemRandomNumberGenerator()
            for length in 0..<48 {
                let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
                var encoded = Array(data.base64EncodedString().utf8)
                #expect(encoded.withUnsafeBytes { Base64Syntax.isValid($0) }, "\(length) bytes")
                for index in encoded.indices {
                    let original = encoded[index]
                    for bad: UInt8 in [0x20, 0x2D, 0x5F, 0x0A, 0x00, 0x80, 0xFF, 0x2E] {
                        encoded[index] = bad
                        #expect(!encoded.withUnsafeBytes { Base64Syntax.isValid($0) })
                    }
                    encoded[index] = original
                }
            }
        }

        @Test("hostile cells")
        func hostile() {
            #expect(huge(0x41).withUnsafeBytes { Base64Syntax.isValid($0) })
            #expect(!huge(0x41, then: "A").withUnsafeBytes { Base64Syntax.isValid($0) })
            #expect(!huge(0x3D).withUnsafeBytes { Base64Syntax.isValid($0) })
            #expect(![UInt8]([0xC3, 0x28, 0xA0, 0xA1]).withUnsafeBytes { Base64Syntax.isValid($0) })
        }
    }

    /// Table Schema's string format `uri`: RFC 3986.
    @Suite("URI syntax")
    struct URIs {
        @Test(
            "valid URIs",
            arguments: [
                "http://example.com", "mailto:someone@example.org", "urn:isbn:0451450523",
                "https://[2001:db8::1]:8080/a%20b?q=1#top", "file:///tmp/x", "a:", "h:/", "HTTP://EXAMPLE.COM",
                "git+ssh://git@host:22/repo.git", "http://user:pa%3Ass@host:/path", "http://x?", "http://x#",
                "http://x/a/b;c=d,e?f=g&h=i/j?k#l/m?n:o@p", "tel:+1-816-555-1212", "http://[::]", "http://[::1]",
                "http://[::ffff:192.0.2.128]/", "http://[1:2:3:4:5:6:7:8]", "http://[1:2:3:4:5:6:7::]",
                "http://[::2:3:4:5:6:7:8]", "http://[1:2:3:4:5:6:1.2.3.4]", "http://[v1.fe80::a+en1]", "http://[V7.x]",
                "http://999.1.1.1", "news:comp.infosystems.www.servers.unix",
                "ldap://[2001:db8::7]/c=GB?objectClass?one",
                "x:%41%42", "http://a.b/~user/_x-y.z!$&'()*+,;=:@", "http://@host", "foo://", "foo:a:b",
            ])
        func valid(_ text: String) {
            #expect(withBytes(text) { URISyntax.isValid($0) }, "\(text)")
        }

        @Test(
            "invalid URIs",
            arguments: [
                "example.com", "http://exa mple.com", "http://x/%zz", "1http://x", "", ":", "://x", "-a:b", "h", "http",
                "http://x/%2", "http://x/%", "http://x?%g0", "http://x#a#b", "http://x:80a/", "http://x:-1",
                "http://[::1", "http://::1]/", "http://[::1]x", "http://[1:2:3:4:5:6:7:8:9]", "http://[1:2:3:4:5:6:7]",
                "http://[1::2::3]", "http://[:::]", "http://[1:]", "http://[:1]", "http://[12345::]",
                "http://[::256.0.0.1]", "http://[::1.2.3]", "http://[::01.2.3.4]", "http://[1:2:3:4:5:6:7:1.2.3.4]",
                "http://[::1%25eth0]", "http://[]", "http://[v.x]", "http://[v1.]", "http://[vg.x]", "http://a@b@c",
                "http://x/a b", "http://x/<>", "http://x/\"", "http://x/a\\b", "http://x/{}", "http://x/|",
                "http://x/^",
                "http://x/`", "http://x/é", "http://é.com", "sch eme:x", "s_c:x", "http://x/\u{0}", "http://ho[st/",
            ])
        func invalid(_ text: String) {
            #expect(!withBytes(text) { URISyntax.isValid($0) }, "\(text)")
        }

        @Test("hostile cells")
        func hostile() {
            #expect(huge(0x61, prefix: "http://x/").withUnsafeBytes { URISyntax.isValid($0) })
            #expect(huge(0x61, then: ":").withUnsafeBytes { URISyntax.isValid($0) })
            #expect(!huge(0x61).withUnsafeBytes { URISyntax.isValid($0) })
            #expect(!huge(0x25, prefix: "http://x/").withUnsafeBytes { URISyntax.isValid($0) })
            #expect(!huge(0x3A, prefix: "http://[").withUnsafeBytes { URISyntax.isValid($0) })
            #expect(!huge(0x5B, prefix: "http://").withUnsafeBytes { URISyntax.isValid($0) })
            #expect(![UInt8]([0x61, 0x3A, 0xFF, 0xFE]).withUnsafeBytes { URISyntax.isValid($0) })
        }
    }

}
