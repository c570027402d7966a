internal import CLibYAML

/// Parses one YAML document into a ``YAMLNode`` tree with libyaml's event parser.
///
/// Aliases are expanded (with a limit, so a "billion laughs" file is an error, not an outage),
/// `<<` merge keys are applied, repeated keys are kept for the loader to report, and a file with several documents is
/// rejected: a standard is exactly one mapping.
package enum YAMLParser {
    /// Expanded nodes allowed in one document; far beyond any real standard, far below harm.
    static let nodeLimit = 1_000_000

    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - file: the path to put in locations.
    /// - Throws: ``StandardError`` with every problem that stopped the parse.
    ///   - maxDepth: how deep mappings and lists may nest; deeper is a located error, never a stack overflow.
    package static func parse(_ bytes: [UInt8], file: String, maxDepth: Int = 64) throws(StandardError) -> YAMLNode {
        // A UTF-8 byte-order mark, as some editors write, is not part of the document.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let session = ParserSession(bytes: body, file: file, maxDepth: maxDepth)
        return try session.parseDocument()
    }
}

/// Owns a `yaml_parser_t` and the input it points into; libyaml keeps a pointer to the input
/// for the parser's whole life, so both go together and are freed together.
private final class ParserSession {
    private var parser = yaml_parser_t()
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    /// Anchored nodes with the number of nodes each expands to, so an alias costs what it stands for.
    private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    private var nodeCount = 0
    private let maxDepth: Int
    private let bytes: [UInt8]

    init(bytes: [UInt8], file: String, maxDepth: Int) {
        self.file = file
        self.maxDepth = maxDepth
        self.bytes = bytes
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        input.deallocate()
    }

    func parseDocument() throws(StandardError) -> YAMLNode {
        var event = try next()
        guard event.type == YAML_STREAM_START_EVENT else {
            throw failure(.yamlSyntax, "expected the start of a YAML stream", event)
        }
        event = try next()
        if event.type == YAML_STREAM_END_EVENT {
            throw failure(.invalidValue, "the file is empty; a standard is a YAML mapping", event)
        }
        guard event.type == YAML_DOCUMENT_START_EVENT else {
            throw failure(.yamlSyntax, "expected a YAML document", event)
        }
        event = try next()
        let root = try node(startingWith: event, depth: 0)
        event = try next()
        guard event.type == YAML_DOCUMENT_END_EVENT else {
            throw failure(.yamlSyntax, "expected the end of the document", event)
        }
        event = try next()
        if event.type == YAML_DOCUMENT_START_EVENT {
            throw failure(
                .yamlUnsupported,
                "a standard is one YAML document, but this file has several ('---' starts a second one)", event)
        }
        return root
    }

    // MARK: Events

    /// A copy of what the loader needs from one libyaml event (the event itself is freed at once).
    private struct Event {
        var type: yaml_event_type_t
        var location: SourceLocation
        var anchor: String?
        var text: String = ""
        var isPlain = false
        /// A quoted scalar's source text, quotes included, when it stands on one line.
        var source: String?
        /// The scalar spans more than one line of the file.
        var isMultiline = false
        var isMergeKey: Bool { type == YAML_SCALAR_EVENT && isPlain && text == "<<" }
    }

    private func next() throws(StandardError) -> Event {
        var raw = yaml_event_t()
        guard yaml_parser_parse(&parser, &raw) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&raw) }
        var event = Event(type: raw.type, location: location(raw.start_mark))
        switch raw.type {
        case YAML_SCALAR_EVENT:
            let scalar = raw.data.scalar
            event.text = string(scalar.value, length: scalar.length)
            event.isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            event.anchor = scalar.anchor.map { String(cString: $0) }
            event.isMultiline = raw.end_mark.line != raw.start_mark.line
            let quoted =
                scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            if quoted && !event.isMultiline {
                event.source = sourceText(fromCharacter: Int(raw.start_mark.index), to: Int(raw.end_mark.index))
            }
        case YAML_SEQUENCE_START_EVENT:
            event.anchor = raw.data.sequence_start.anchor.map { String(cString: $0) }
        case YAML_MAPPING_START_EVENT:
            event.anchor = raw.data.mapping_start.anchor.map { String(cString: $0) }
        case YAML_ALIAS_EVENT:
            event.anchor = raw.data.alias.anchor.map { String(cString: $0) }
        default:
            break
        }
        return event
    }

    private func node(startingWith event: Event, depth: Int) throws(StandardError) -> YAMLNode {
        if depth > maxDepth {
            throw failure(.yamlUnsupported, "the YAML nests more than \(maxDepth) levels deep", event)
        }
        let countBefore = nodeCount
        nodeCount += 1
        if nodeCount > YAMLParser.nodeLimit {
            throw failure(
                .yamlUnsupported,
                "the document expands to more than \(YAMLParser.nodeLimit) nodes (aliases nested too deep?)", event)
        }
        let result: YAMLNode
        switch event.type {
        case YAML_SCALAR_EVENT:
            result = YAMLNode(
                .scalar(
                    YAMLScalar(
                        text: event.text, isPlain: event.isPlain, source: event.source, isMultiline: event.isMultiline)),
                at: event.location)
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            while true {
                let child = try next()
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(startingWith: child, depth: depth + 1))
            }
            result = YAMLNode(.sequence(items), at: event.location)
        case YAML_MAPPING_START_EVENT:
            result = try mapping(startingWith: event, depth: depth)
        case YAML_ALIAS_EVENT:
            let name = event.anchor ?? ""
            guard let target = anchors[name] else {
                throw failure(.yamlUnsupported, "alias '*\(name)' refers to no anchor defined before it", event)
            }
            nodeCount += target.weight
            if nodeCount > YAMLParser.nodeLimit {
                throw failure(
                    .yamlUnsupported,
                    "the document expands to more than \(YAMLParser.nodeLimit) nodes (aliases nested too deep?)", event)
            }
            return target.node
        default:
            throw failure(.yamlSyntax, "unexpected YAML event", event)
        }
        if let anchor = event.anchor { anchors[anchor] = (result, nodeCount - countBefore) }
        return result
    }

    private func mapping(startingWith start: Event, depth: Int) throws(StandardError) -> YAMLNode {
        var pairs: [YAMLPair] = []
        var firstSeen: [String: SourceLocation] = [:]
        var merged: [YAMLPair] = []
        while true {
            let keyEvent = try next()
            if keyEvent.type == YAML_MAPPING_END_EVENT { break }
            if keyEvent.isMergeKey {
                let value = try node(startingWith: try next(), depth: depth + 1)
                merged.append(contentsOf: try mergeSources(value))
                continue
            }
            let key = try node(startingWith: keyEvent, depth: depth + 1)
            guard let keyText = key.scalarText else {
                throw StandardError([
                    StandardDiagnostic(
                        .yamlUnsupported, "mapping keys must be plain text, not \(key.kindDescription)",
                        at: key.location)
                ])
            }
            let value = try node(startingWith: try next(), depth: depth + 1)
            // Repeated keys are kept: the loader reports them in its own words ("duplicate field").
            if firstSeen[keyText] == nil { firstSeen[keyText] = key.location }
            pairs.append(YAMLPair(key: key, value: value))
        }
        // Keys written out win over merged ones; among merged mappings the first one listed wins.
        for pair in merged {
            guard let text = pair.key.scalarText, firstSeen[text] == nil else { continue }
            firstSeen[text] = pair.key.location
            pairs.append(pair)
        }
        return YAMLNode(.mapping(pairs), at: start.location)
    }

    private func mergeSources(_ value: YAMLNode) throws(StandardError) -> [YAMLPair] {
        switch value.kind {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            var all: [YAMLPair] = []
            for item in items {
                guard case .mapping(let pairs) = item.kind else {
                    throw StandardError([
                        StandardDiagnostic(
                            .yamlUnsupported, "a '<<' merge list may hold only mappings, not \(item.kindDescription)",
                            at: item.location)
                    ])
                }
                all.append(contentsOf: pairs)
            }
            return all
        case .scalar:
            throw StandardError([
                StandardDiagnostic(
                    .yamlUnsupported, "'<<' merges a mapping or a list of mappings, not \(value.kindDescription)",
                    at: value.location)
            ])
        }
    }

    // MARK: Locations and errors

    /// Where the characters counted so far end in the bytes: libyaml's marks count characters, and
    /// scalars arrive in file order, so the cursor only moves forward and all lookups together cost
    /// one pass over the file (a hostile standard of a million quoted scalars stays linear).
    private var cursor = (character: 0, byte: 0)

    /// The source of the characters from `start` to `end` (libyaml mark indices), when short enough
    /// to be an expression worth locating into (64 KiB).
    private func sourceText(fromCharacter start: Int, to end: Int) -> String? {
        guard start <= end, end - start <= 1 << 16, start >= cursor.character else { return nil }
        func advance(to character: Int) -> Int? {
            while cursor.character < character {
                guard cursor.byte < bytes.count else { return nil }
                cursor.byte += 1
                // A character ends where the next byte is not a UTF-8 continuation byte.
                while cursor.byte < bytes.count && bytes[cursor.byte] & 0xC0 == 0x80 { cursor.byte += 1 }
                cursor.character += 1
            }
            return cursor.byte
        }
        guard let from = advance(to: start), let to = advance(to: end) else { return nil }
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// The line and column of a byte offset, columns counting Unicode scalars as libyaml does.
    private func location(ofByte offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(min(offset, bytes.count)) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private func failure(_ code: StandardDiagnostic.Code, _ message: String, _ event: Event) -> StandardError {
        StandardError([StandardDiagnostic(code, message, at: event.location)])
    }

    /// libyaml's own words, at the place it stopped: "found character that cannot start any token
    /// while scanning for the next token".
    private func syntaxError() -> StandardError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) \(context)"
        }
        if parser.error == YAML_READER_ERROR {
            // Reader errors (bad encoding) carry a byte offset, not a line and column: count them here.
            return StandardError([
                StandardDiagnostic(
                    .yamlSyntax, "\(problem) at byte \(parser.problem_offset)",
                    at: location(ofByte: Int(parser.problem_offset)))
            ])
        }
        return StandardError([StandardDiagnostic(.yamlSyntax, message, at: location(parser.problem_mark))])
    }
}
