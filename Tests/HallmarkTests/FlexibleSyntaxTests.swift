import Foundation
import Testing

@testable import Hallmark

private func withBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    Array(text.utf8).withUnsafeBytes(body)
}

private func iso(date text: String) -> TemporalKey? { withBytes(text) { ISOTemporal.date($0) } }
private func iso(time text: String) -> TemporalKey? { withBytes(text) { ISOTemporal.time($0) } }
private func iso(dateTime text: String) -> TemporalKey? { withBytes(text) { ISOTemporal.dateTime($0) } }
private func flexible(date text: String) -> TemporalKey? { withBytes(text) { FlexibleTemporal.date($0) } }
private func flexible(time text: String) -> TemporalKey? { withBytes(text) { FlexibleTemporal.time($0) } }
private func flexible(dateTime text: String) -> TemporalKey? { withBytes(text) { FlexibleTemporal.dateTime($0) } }
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

    /// Table Schema's `format: any` for dates, times and date-times.
    @Suite("Flexible dates and times")
    struct Temporals {
        @Test(
            "dates and the day they name",
            arguments: [
                ("2019-01-01", "2019-01-01"), ("10th Jan 1969", "1969-01-10"), ("10 Jan 1969", "1969-01-10"),
                ("10 January 1969", "1969-01-10"), ("Jan 10 1969", "1969-01-10"), ("January 10, 1969", "1969-01-10"),
                ("10-Jan-1969", "1969-01-10"), ("1969/01/10", "1969-01-10"), ("Monday, 10 January 1969", "1969-01-10"),
                // All numbers: day first when that is real, else month first.
                ("10/01/1969", "1969-01-10"), ("13/01/1969", "1969-01-13"), ("01/13/1969", "1969-01-13"),
                ("12/31/1999", "1999-12-31"), ("1/2/2000", "2000-02-01"), ("10-01-1969", "1969-01-10"),
                ("10.01.1969", "1969-01-10"), ("29/02/2000", "2000-02-29"), ("02/29/2000", "2000-02-29"),
                // Ordinals, cases, abbreviations, weekdays.
                ("1st Jan 1969", "1969-01-01"), ("2nd Feb 1969", "1969-02-02"), ("3rd Mar 1969", "1969-03-03"),
                ("11th Apr 1969", "1969-04-11"), ("12th May 1969", "1969-05-12"), ("13th Jun 1969", "1969-06-13"),
                ("21st Jul 1969", "1969-07-21"), ("22nd Aug 1969", "1969-08-22"), ("23rd Sep 1969", "1969-09-23"),
                ("31ST OCT 1969", "1969-10-31"), ("4Th nov 1969", "1969-11-04"), ("10 DECEMBER 1969", "1969-12-10"),
                ("10 jAnUaRy 1969", "1969-01-10"), ("10 Sept 1969", "1969-09-10"), ("Sept. 10, 1969", "1969-09-10"),
                ("Jan. 10, 1969", "1969-01-10"), ("10 Jan. 1969", "1969-01-10"), ("10th of January 1969", "1969-01-10"),
                ("10 of Jan 1969", "1969-01-10"),
                ("10 Jan, 1969", "1969-01-10"), ("Jan 10th, 1969", "1969-01-10"), ("Jan-10-1969", "1969-01-10"),
                ("10/Jan/1969", "1969-01-10"), ("10.Jan.1969", "1969-01-10"), ("Fri 10 Jan 1969", "1969-01-10"),
                ("friday, January 10, 1969", "1969-01-10"), ("SUNDAY 10 Jan 1969", "1969-01-10"),
                ("10   Jan   1969", "1969-01-10"), ("1969-1-10", "1969-01-10"), ("1969.01.10", "1969-01-10"),
                ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"), ("29 Feb 2024", "2024-02-29"),
            ] as [(String, String)])
        func dates(_ text: String, _ expected: String) throws {
            let key = try #require(flexible(date: text), "\(text)")
            #expect(key == iso(date: expected), "\(text)")
            #expect(flexible(dateTime: text) == key, "a date alone is a date-time at midnight: \(text)")
        }

        @Test(
            "not dates",
            arguments: [
                "10th Jan nineteen sixty nine", "invalid", "some night", "", "3.14", "2019", "20190101", "Jan 1969",
                "10/01/69", "10 Jan 69", "69-01-10", "31/06/1969", "31 June 1969", "30 Feb 2000", "29 Feb 2023",
                "13/13/1969", "00/01/1969", "0 Jan 1969", "0000-01-01", "10 Jan 19690", "10/01-1969", "1969-01/10",
                "1th Jan 1969", "2st Jan 1969", "11st Jan 1969", "12nd Jan 1969", "10thJan 1969", "10Jan1969",
                "10 Janu 1969", "10 Ja 1969", "10 Jan 1969 foo", "foo 10 Jan 1969", "Monday", "Mon,10 Jan 1969",
                "10th of of Jan 1969", "10-Jan 1969", "10 Jan-1969", "Jan, 10 1969", "10 Jan,1969",
                " 10 Jan 1969", "10 Jan 1969 ", "10\tJan 1969", "10.Jan. 1969", "Jan.. 10 1969", "2019-01-01T00:00",
                "2019-01-01 06:00", "06:00", "Janvier 10 1969", "10 Jänner 1969", "100 Jan 1969", "123/01/1969",
                "10//01/1969", "2019--01-01", "Mayday 10 1969", "10 Jan 1969,", "Monday 10 January 1969 Monday",
            ])
        func notDates(_ text: String) {
            #expect(flexible(date: text) == nil, "\(text)")
        }

        @Test(
            "times and when they are",
            arguments: [
                ("06:00:00", "06:00:00"), ("06:00", "06:00:00"), ("6:00", "06:00:00"), ("3:00 am", "03:00:00"),
                ("3 pm", "15:00:00"), ("3:00 PM", "15:00:00"), ("3pm", "15:00:00"), ("3 p.m.", "15:00:00"),
                ("3 A.M.", "03:00:00"), ("12 am", "00:00:00"), ("12 pm", "12:00:00"), ("12:30 AM", "00:30:00"),
                ("11:59:59 pm", "23:59:59"), ("06:00:00.123", "06:00:00.123"), ("06:00:00,5", "06:00:00.5"),
                ("23:59:59.999999999", "23:59:59.999999999"), ("00:00", "00:00:00"), ("9:05:07", "09:05:07"),
            ] as [(String, String)])
        func times(_ text: String, _ expected: String) throws {
            let key = try #require(flexible(time: text), "\(text)")
            #expect(key == iso(time: expected), "\(text)")
        }

        /// A zone keys the time in UTC, so a time can fall before midnight.
        @Test(
            "times with a zone",
            arguments: [
                ("06:00:00Z", 21_600), ("06:00:00z", 21_600), ("06:00 UTC", 21_600), ("06:00 GMT", 21_600),
                ("06:00:00+01:00", 18_000), ("06:00:00+0100", 18_000), ("06:00:00 +01:00", 18_000),
                ("06:00:00-05:30", 41_400), ("00:30+01:00", -1_800), ("3 pm Z", 54_000), ("3pm+02:00", 46_800),
            ] as [(String, Int64)])
        func zonedTimes(_ text: String, _ seconds: Int64) {
            #expect(flexible(time: text) == TemporalKey(seconds: seconds, nanoseconds: 0), "\(text)")
        }

        @Test(
            "not times",
            arguments: [
                "", "6", "06", "3.14", "0600", "24:00", "06:60", "06:00:60", "6:0", "6:000", "06:00:0", "006:00",
                "13 pm", "0 am", "13:00 pm", "3 pmx", "3 amber", "3 a.m", "3 am.", "3 pm pm", "06:00:00.",
                "06:00:00.1234567890", "06:00 +1:00", "06:00+01", "06:00+24:00", "06:00+01:60", "06:00 EST",
                "06:00 BST",
                "06:00 Zulu", " 06:00", "06:00 ", "06:00Z ", "six o'clock", "noon", "T06:00", "06h00", "06:00:00ZZ",
                "2014-01-01 06:00", "10 Jan 1969", "06:00 am:", "06.00",
            ])
        func notTimes(_ text: String) {
            #expect(flexible(time: text) == nil, "\(text)")
        }

        @Test(
            "date-times",
            arguments: [
                ("2014-01-01T06:00:00", "2014-01-01T06:00:00"), ("2014-01-01T06:00:00Z", "2014-01-01T06:00:00Z"),
                ("10th Jan 1969 9 am", "1969-01-10T09:00:00"), ("2014-01-01 06:00", "2014-01-01T06:00:00"),
                ("2014-01-01T06:00:00.5+01:00", "2014-01-01T06:00:00.5+01:00"),
                ("2014-01-01T06:00:00-0530", "2014-01-01T06:00:00-05:30"),
                ("10 Jan 1969 at 9 am", "1969-01-10T09:00:00"), ("January 10, 1969, 9 am", "1969-01-10T09:00:00"),
                ("Monday, 10 January 1969 3:15 pm", "1969-01-10T15:15:00"), ("10/01/1969 23:59", "1969-01-10T23:59:00"),
                ("01/13/1969 12 am", "1969-01-13T00:00:00"), ("10-Jan-1969 06:00:00 GMT", "1969-01-10T06:00:00Z"),
                ("1969/01/10T06:00", "1969-01-10T06:00:00"), ("2014-01-01  06:00", "2014-01-01T06:00:00"),
                ("2014-01-01", "2014-01-01T00:00:00"), ("Jan 10 1969", "1969-01-10T00:00:00"),
            ] as [(String, String)])
        func dateTimes(_ text: String, _ expected: String) throws {
            let key = try #require(flexible(dateTime: text), "\(text)")
            #expect(key == iso(dateTime: expected), "\(text)")
        }

        @Test(
            "not date-times",
            arguments: [
                "", "invalid", "some night", "06:00", "3 pm", "9 am 10 Jan 1969", "2014-01-01T", "2014-01-01 ",
                "2014-01-01T25:00", "2014-02-30T06:00", "10 Jan 1969 EST", "10 Jan 1969 at", "10 Jan 1969 at9 am",
                "10 Jan 1969,9 am", "10 Jan 1969 9", "10 Jan 1969 nine am", "2014-01-01T06:00:00Z junk", "2019",
                "10/01/69 06:00", "2014-01-01t06:00", "2014-01-01TT06:00", "10th Jan nineteen sixty nine",
            ])
        func notDateTimes(_ text: String) {
            #expect(flexible(dateTime: text) == nil, "\(text)")
        }

        @Test("the ISO forms agree with the ISO reader")
        func agreesWithISO() {
            for text in ["2019-01-01", "2000-02-29", "1999-12-31", "2023-02-29", "2023-04-31"] {
                #expect(flexible(date: text) == iso(date: text), "\(text)")
            }
            for text in ["2014-01-01T06:00:00", "2014-01-01T06:00:00.123456Z", "2014-01-01T23:59:59-11:00"] {
                #expect(flexible(dateTime: text) == iso(dateTime: text), "\(text)")
            }
            for text in ["06:00:00", "23:59:59.5", "00:00:00"] {
                #expect(flexible(time: text) == iso(time: text), "\(text)")
            }
        }

        @Test("hostile cells neither crash nor pass")
        func hostile() {
            let readers: [(UnsafeRawBufferPointer) -> TemporalKey?] = [
                FlexibleTemporal.date, FlexibleTemporal.time, FlexibleTemporal.dateTime,
            ]
            let cells: [[UInt8]] = [
                huge(0x31), huge(0x20), huge(0x61), huge(0x3A), huge(0x2F), huge(0x31, then: " Jan 1969"),
                huge(0x31, prefix: "10 Jan "), huge(0x30, prefix: "10 Jan 1969 06:00:00."),
                huge(0x20, prefix: "Monday,"),
                huge(0x20, prefix: "06:00"), huge(0xFF), [0xFF, 0xFE, 0xFD], [0x31, 0x30, 0x20, 0xC3, 0xA9, 0x20],
                // Bytes above 0x7F in and after a month name: `Jän`, `Jan` + U+00E9, `Ja` + 0x80 + `n`.
                Array("10 J".utf8) + [0xC3, 0xA4] + Array("n 1969".utf8),
                Array("10 Jan".utf8) + [0xC3, 0xA9] + Array(" 1969".utf8),
                Array("10 Ja".utf8) + [0x80] + Array("n 1969".utf8), Array("10 Jan 1969".utf8) + [0xE2, 0x80],
                Array("10 Jan 1969 06:00 ".utf8) + [0xFF], [0x00], Array("10\u{0}Jan 1969".utf8),
            ]
            for cell in cells {
                for read in readers {
                    #expect(cell.withUnsafeBytes { read($0) } == nil, "\(cell.prefix(24))")
                }
            }
            // Many spaces between parts are still spaces.
            let spaced = Array("10".utf8) + [UInt8](repeating: 0x20, count: 1_000_000) + Array("Jan 1969".utf8)
            #expect(spaced.withUnsafeBytes { FlexibleTemporal.date($0) } == iso(date: "1969-01-10"))
        }
    }

}

/// The Python with dateutil that frictionless's `format: any` runs, when one is installed:
/// `HALLMARK_TEST_PYTHON`, the test venv, or the first `python3` on `PATH` that has it.
private let dateutilPython: String? = {
    let environment = ProcessInfo.processInfo.environment
    let onPath: [String?] = (environment["PATH"] ?? "").split(separator: ":").map { $0 + "/python3" }
    let candidates = [environment["HALLMARK_TEST_PYTHON"], packageRoot + "/.build/test-venv/bin/python"] + onPath
    for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", "import dateutil.parser"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { continue }
        process.waitUntilExit()
        if process.terminationStatus == 0 { return path }
    }
    return nil
}()

/// Reads `kind<TAB>value` lines with dateutil and prints the key as `seconds microseconds`, or `-`
/// when dateutil refuses the value. Day first only for the all-numbers, year-last form, as
/// ``FlexibleTemporal`` prefers: with `dayfirst=True` dateutil reads `2000-01-02` as 1 February.
private let dateutilScript = """
    import re, sys, datetime
    from dateutil import parser
    epoch = datetime.datetime(1970, 1, 1)
    for line in sys.stdin.read().split("\\n"):
        if not line:
            continue
        kind, value = line.split("\\t", 1)
        try:
            dayfirst = re.match(r"^[0-9]{1,2}[-/.][0-9]", value) is not None
            parsed = parser.parse(value, dayfirst=dayfirst, default=datetime.datetime(1970, 1, 1))
        except (ValueError, OverflowError):
            print("-")
            continue
        offset = parsed.utcoffset() or datetime.timedelta(0)
        naive = parsed.replace(tzinfo=None) - offset
        if kind == "time":
            naive = naive - datetime.datetime.combine(parsed.date(), datetime.time())
            print(naive.days * 86400 + naive.seconds, naive.microseconds)
        else:
            delta = naive - epoch
            print(delta.days * 86400 + delta.seconds, delta.microseconds)
    """

extension FlexibleSyntaxTests {
    /// Everything ``FlexibleTemporal`` reads, dateutil reads to the same moment: the subset is a
    /// subset. (The converse is not asked: the documented exclusions are dateutil's guesses.)
    @Suite(
        "Differential: flexible dates against dateutil",
        .enabled(if: dateutilPython != nil, "no python3 with dateutil installed"))
    struct DateutilDifferential {
        /// Every day of 2000 (a leap year) and 1969 in every date form, a spread of times in every time
        /// form, and date-times joining them.
        static func cells() -> [(kind: String, value: String)] {
            let names = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
            func ordinal(_ day: Int) -> String {
                if (11...13).contains(day % 100) { return "\(day)th" }
                switch day % 10 {
                case 1: return "\(day)st"
                case 2: return "\(day)nd"
                case 3: return "\(day)rd"
                default: return "\(day)th"
                }
            }
            var cells: [(String, String)] = []
            for year in [1969, 2000] {
                for month in 1...12 {
                    for day in 1...31 {
                        let name = names[month - 1]
                        let short = String(name.prefix(3))
                        let dd = day < 10 ? "0\(day)" : "\(day)"
                        let mm = month < 10 ? "0\(month)" : "\(month)"
                        for form in [
                            "\(year)-\(mm)-\(dd)", "\(year)/\(month)/\(day)", "\(dd)/\(mm)/\(year)",
                            "\(day).\(month).\(year)",
                            "\(ordinal(day)) \(short) \(year)", "\(day) \(name) \(year)", "\(day)-\(short)-\(year)",
                            "\(short) \(day) \(year)", "\(name) \(day), \(year)", "\(ordinal(day)) of \(name) \(year)",
                            "Monday, \(day) \(name) \(year)", "\(short.uppercased()). \(ordinal(day)), \(year)",
                        ] {
                            cells.append(("date", form))
                        }
                    }
                }
            }
            var times: [String] = []
            for hour in [0, 1, 6, 11, 12, 13, 23] {
                for minute in [0, 7, 59] {
                    let h12 = hour % 12 == 0 ? 12 : hour % 12
                    let half = hour < 12 ? "am" : "PM"
                    let mm = minute < 10 ? "0\(minute)" : "\(minute)"
                    times += [
                        "\(hour):\(mm)", "\(hour < 10 ? "0" : "")\(hour):\(mm):05", "\(hour):\(mm):05.25",
                        "\(h12):\(mm) \(half)", "\(h12)\(half)", "\(hour):\(mm)Z", "\(hour):\(mm):00+0130",
                        "\(hour):\(mm) -05:00", "\(h12):\(mm) p.m.",
                    ]
                }
            }
            cells += times.map { ("time", $0) }
            for date in ["2014-01-01", "10th Jan 1969", "January 10, 1969", "29/02/2000", "Fri 10 Jan 1969"] {
                for time in times {
                    cells.append(("datetime", "\(date) \(time)"))
                }
                cells.append(("datetime", "\(date)T06:00:00"))
                cells.append(("datetime", date))
            }
            return cells
        }

        @Test("every value FlexibleTemporal reads, dateutil reads the same")
        func subset() throws {
            var accepted: [(kind: String, value: String, key: TemporalKey)] = []
            for (kind, value) in Self.cells() {
                let key: TemporalKey?
                switch kind {
                case "date": key = flexible(date: value)
                case "time": key = flexible(time: value)
                default: key = flexible(dateTime: value)
                }
                if let key { accepted.append((kind, value, key)) }
            }
            #expect(accepted.count > 9_000, "the generator makes mostly real dates")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dateutilPython!)
            process.arguments = ["-c", dateutilScript]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let lines = accepted.map { "\($0.kind)\t\($0.value)" }.joined(separator: "\n") + "\n"
            let writer = Thread {
                input.fileHandleForWriting.write(Data(lines.utf8))
                try? input.fileHandleForWriting.close()
            }
            writer.start()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let answers = String(decoding: data, as: UTF8.self).split(separator: "\n")
            try #require(answers.count == accepted.count)
            var disagreements = 0
            for (cell, answer) in zip(accepted, answers) {
                let expected = "\(cell.key.seconds) \(cell.key.nanoseconds / 1_000)"
                if answer != expected {
                    disagreements += 1
                    if disagreements <= 20 {
                        Issue.record("\(cell.kind) '\(cell.value)': Hallmark \(expected), dateutil \(answer)")
                    }
                }
            }
            #expect(disagreements == 0)
        }
    }
}
