/// IBAN lengths by country, from the SWIFT IBAN Registry (release 95, 2024), for the `iban` checksum.
package enum IBANRegistry {
    /// The registered length of an IBAN starting with the country code `first second`, or `nil`.
    static func length(_ first: UInt8, _ second: UInt8) -> Int? {
        guard first >= 0x41, first <= 0x5A, second >= 0x41, second <= 0x5A else { return nil }
        let length = lengths[Int(first - 0x41) * 26 + Int(second - 0x41)]
        return length == 0 ? nil : Int(length)
    }

    /// Every registered country code with its IBAN length, in the registry's order.
    package static let countries: [(code: String, length: Int)] = """
        AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 \
        EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 \
        JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 \
        NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 \
        TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
        """.split(separator: " ").map { entry in (String(entry.prefix(2)), Int(entry.dropFirst(2))!) }

    private static let lengths: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for (code, length) in countries {
            let bytes = Array(code.utf8)
            table[Int(bytes[0] - 0x41) * 26 + Int(bytes[1] - 0x41)] = UInt8(length)
        }
        return table
    }()
}
