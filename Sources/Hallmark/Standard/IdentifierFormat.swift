/// A named identifier format — NHS number, UK postcode, ODS code — defined under `formats:`
/// and used by fields with `format: NAME`.
///
/// A value is checked by normalising a copy (`normalize:`), matching the whole copy against
/// `pattern`, then verifying the `checksum`.
public struct IdentifierFormat: Sendable {
    /// The name fields refer to, such as `nhs-number`.
    public let name: String
    /// A human title, such as "NHS number".
    public let title: String?
    /// The pattern the normalised value must match in full, as written.
    public var patternSource: String? { pattern?.source }
    /// Rewrites applied to a copy before checking.
    public let normalizations: [Normalization]
    /// The check-digit algorithm, if any.
    public let checksum: Checksum?
    /// Where the format is defined.
    public let location: SourceLocation
    /// A valid value, such as `SW1A 1AA` (`example:`): messages show it rather than the pattern.
    public let example: String?

    package let pattern: CompiledPattern?

    package init(
        name: String, title: String?, pattern: CompiledPattern?, normalizations: [Normalization],
        checksum: Checksum?, location: SourceLocation, example: String? = nil
    ) {
        self.example = example
        self.name = name
        self.title = title
        self.pattern = pattern
        self.normalizations = normalizations
        self.checksum = checksum
        self.location = location
    }

    /// "NHS number", or the name when there is no title.
    var displayName: String { title ?? name }

    /// Whether `value` passes the format: normalised, matched in full, check digit verified.
    package func accepts(_ value: String) -> Bool {
        var scratch: [UInt8] = []
        return Array(value.utf8).withUnsafeBytes { bytes in
            Normalization.apply(normalizations, to: bytes, into: &scratch)
            return scratch.withUnsafeBytes { normalized in
                if let pattern, PatternMatcher(pattern, limits: PatternLimits()).match(normalized) != .match {
                    return false
                }
                return checksum?.isValid(normalized) ?? true
            }
        }
    }
}
