/// What a data user is saying.
public enum FeedbackKind: String, Sendable, Codable, CaseIterable {
    /// Something is wrong.
    case problem
    /// Something is unclear.
    case question
    /// A value should be another value (``NewFeedback/oldValue`` → ``NewFeedback/newValue``).
    case correction
    /// "Me too": the problem matters to one more user. No text needed.
    case plusOne = "plus-one"
    /// The publisher's answer, signed by its organisation (never filed by a data user).
    case reply
}

/// What a piece of feedback is about: a ticket, one finding (a row) of a ticket, a column, or the
/// dataset as a whole.
public enum FeedbackTarget: Sendable, Hashable, Codable {
    /// A ticket, by its id.
    case ticket(String)
    /// One finding of a ticket, by the ticket's and the finding's ids.
    case finding(ticket: String, finding: String)
    /// A column, by its field name.
    case column(String)
    /// The dataset as a whole.
    case dataset

    /// The ticket it belongs to, if any.
    public var ticketID: String? {
        switch self {
        case .ticket(let id), .finding(let id, _): return id
        case .column, .dataset: return nil
        }
    }
}

/// Where an item is in moderation. Everything starts `not-checked` and is shown, clearly marked;
/// an item that looks like spam is `held` (hidden, its notifications too) until a moderator
/// clears or removes it.
public enum ModerationState: String, Sendable, Codable, CaseIterable {
    /// Shown, marked as not yet checked by a moderator.
    case notChecked = "not-checked"
    /// Hidden until a moderator decides: its spam score reached the limit.
    case held
    /// Checked by a moderator and shown.
    case cleared
    /// Removed by a moderator; kept for the record, never shown.
    case removed

    /// Whether pages and lists show it.
    public var isShown: Bool { self == .notChecked || self == .cleared }
}

extension FeedbackTarget {
    private enum CodingKeys: String, CodingKey { case type, ticket, finding, column }

    /// Reads `{"type": "ticket", "ticket": ID}`, `{"type": "finding", "ticket": ID, "finding": ID}`,
    /// `{"type": "column", "column": NAME}` or `{"type": "dataset"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "ticket": self = .ticket(try container.decode(String.self, forKey: .ticket))
        case "finding":
            self = .finding(
                ticket: try container.decode(String.self, forKey: .ticket),
                finding: try container.decode(String.self, forKey: .finding))
        case "column": self = .column(try container.decode(String.self, forKey: .column))
        case "dataset": self = .dataset
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "type must be ticket, finding, column or dataset")
        }
    }

    /// Writes the form ``init(from:)`` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ticket(let ticket):
            try container.encode("ticket", forKey: .type)
            try container.encode(ticket, forKey: .ticket)
        case .finding(let ticket, let finding):
            try container.encode("finding", forKey: .type)
            try container.encode(ticket, forKey: .ticket)
            try container.encode(finding, forKey: .finding)
        case .column(let column):
            try container.encode("column", forKey: .type)
            try container.encode(column, forKey: .column)
        case .dataset:
            try container.encode("dataset", forKey: .type)
        }
    }
}
