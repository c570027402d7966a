import Testing

@testable import Hallmark

/// Each checksum against published valid examples, and against every single-digit substitution and
/// adjacent transposition of them: the errors check digits exist to catch.
@Suite("Checksums")
struct ChecksumTests {
    /// Published valid values for each algorithm (sources in ``Checksum``'s documentation).
    static let published: [Checksum: [String]] = [
        .nhsModulus11: ["9434765919", "4010232137", "9990001111"],
        .luhn: ["79927398713", "4111111111111111", "5500005555555559", "490154203237518"],
        .iso7064Mod97_10: ["5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55", "213800WSGIIZCXF1P572"],
        .iban: [
            "GB82WEST12345698765432", "DE89370400440532013000", "NO9386011117947", "MT84MALT011000012345MTLCAST001S",
            "FR1420041010050500013M02606", "BE68539007547034",
        ],
        .iso7064Mod11_2: ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X", "0000000121032683"],
        .isbn10: ["0306406152", "080442957X", "0-306-40615-2", "0198526636"],
        .isbn: ["978-0-306-40615-7", "9780306406157", "0306406152", "080442957X", "979-10-90636-07-1"],
        .gtin: ["4006381333931", "73513537", "036000291452", "9780306406157", "10614141000415", "5012345678900"],
        .issn: ["0378-5955", "2049-3630", "0317-8471", "1050-124X", "00280836"],
        .ukVAT: ["980780684", "GB980780684", "434031494", "GD001", "HA500", "123456782123"],
        .chi: ["0101011237", "1404561234", "2902000006"],
        .verhoeff: ["2363", "1428570", "84736430954837284567892"],
        .damm: ["5724", "1234566", "0000"],
        .isin: ["US0378331005", "AU0000XVGZA3", "GB0002634946", "US5949181045", "DE000BAY0017"],
    ]

    static func isValid(_ checksum: Checksum, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { checksum.isValid($0) }
    }

    @Test("published examples pass", arguments: Checksum.allCases)
    func publishedExamplesPass(_ checksum: Checksum) {
        let examples = Self.published[checksum] ?? []
        #expect(!examples.isEmpty, "every checksum has published examples")
        for example in examples {
            #expect(Self.isValid(checksum, example), "\(checksum.rawValue): \(example)")
        }
    }

    /// Algorithms that catch every single-digit error. (`uk-vat` accepts two remainders, so a few
    /// single errors turn one valid scheme into the other.)
    static let catchesEverySingleError: [Checksum] = [
        .nhsModulus11, .luhn, .iso7064Mod97_10, .iban, .iso7064Mod11_2,
        .isbn10, .isbn, .gtin, .issn, .chi, .verhoeff, .damm, .isin,
    ]

    @Test("every single-digit substitution is caught", arguments: catchesEverySingleError)
    func singleDigitErrors(_ checksum: Checksum) {
        for example in Self.published[checksum]! where example.count >= 2 {
            var bytes = Array(example.utf8)
            for index in bytes.indices where bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                let original = bytes[index]
                for replacement in UInt8(0x30)...0x39 where replacement != original {
                    bytes[index] = replacement
                    #expect(
                        !bytes.withUnsafeBytes { checksum.isValid($0) },
                        "\(checksum.rawValue): \(String(decoding: bytes, as: UTF8.self))")
                }
                bytes[index] = original
            }
        }
    }

    @Test(
        "adjacent transpositions are caught, except the ones the algorithm is known to miss",
        arguments: Checksum.allCases)
    func transpositions(_ checksum: Checksum) {
        for example in Self.published[checksum]! where example.count >= 2 {
            var bytes = Array(example.utf8)
            for index in 0..<(bytes.count - 1) {
                let a = bytes[index]
                let b = bytes[index + 1]
                guard a != b, (0x30...0x39).contains(a), (0x30...0x39).contains(b) else { continue }
                let known = Self.knownMiss(checksum, a, b)
                bytes.swapAt(index, index + 1)
                if !known {
                    #expect(
                        !bytes.withUnsafeBytes { checksum.isValid($0) },
                        "\(checksum.rawValue): \(String(decoding: bytes, as: UTF8.self))")
                }
                bytes.swapAt(index, index + 1)
            }
        }
    }

    /// Transpositions an algorithm cannot see, by design.
    static func knownMiss(_ checksum: Checksum, _ a: UInt8, _ b: UInt8) -> Bool {
        let x = Int(a) - 0x30
        let y = Int(b) - 0x30
        switch checksum {
        case .luhn, .isin: return (x == 0 && y == 9) || (x == 9 && y == 0)
        case .gtin: return abs(x - y) == 5
        case .isbn: return abs(x - y) == 5  // the ISBN-13 examples are EAN-13s
        case .ukVAT: return true  // not a transposition-detecting scheme in its last two digits
        default: return false
        }
    }

    @Test("wrong lengths, letters and empty input fail without trapping")
    func malformed() {
        for checksum in Checksum.allCases {
            for text in ["", "0", "ABCDEFGHIJ", "12345678901234567890123456789012345678", "9434765919 ", "é", "----"] {
                // ISBN-10 ignores spaces and hyphens, and 943476591 9 happens to be a valid ISBN-10 too.
                let separatorsIgnored = (checksum == .isbn10 || checksum == .isbn) && text == "9434765919 "
                #expect(!Self.isValid(checksum, text) || separatorsIgnored, "\(checksum.rawValue): '\(text)'")
            }
        }
        #expect(!Self.isValid(.nhsModulus11, "1234567890"))  // check digit would be 10
        #expect(!Self.isValid(.iban, "GB82WEST1234569876543"))  // one short for GB
        #expect(!Self.isValid(.iban, "XX82WEST12345698765432"))  // no such country
        #expect(!Self.isValid(.iban, "gb82west12345698765432"))  // lower case: normalise first
        #expect(!Self.isValid(.chi, "3102011233"))  // 31 February
        #expect(Self.isValid(.chi, "2902000006") && !Self.isValid(.chi, "2902010001"))  // leap day only in leap years
        #expect(!Self.isValid(.ukVAT, "GD500") && !Self.isValid(.ukVAT, "HA499"))
        #expect(!Self.isValid(.issn, "0378-595X"))
        #expect(!Self.isValid(.isbn10, "X306406152"))  // X only as the check digit
        #expect(!Self.isValid(.isin, "000378331005"))  // country letters required
        #expect(!Self.isValid(.isbn, "4006381333931"))  // an EAN-13, but not a book
        #expect(!Self.isValid(.isbn, "97803064061570000000"))  // too long, without overflowing
    }
}
