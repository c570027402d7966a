/// Reading typed scalars out of YAML nodes, reporting what was expected when the node is wrong.
extension Diagnostics {
    mutating func text(_ node: YAMLNode, _ what: String) -> String? {
        guard case .scalar(let scalar) = node.kind, !scalar.isNull else {
            add(.invalidValue, "\(what) must be text, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return scalar.text
    }

    /// A key whose two words mean off and on (`negative: minus | parentheses`): `false` for the
    /// first, `true` for the second, `nil` (reported) for anything else.
    mutating func either(_ node: YAMLNode, _ what: String, _ off: String, _ on: String) -> Bool? {
        switch node.scalarText {
        case off: return false
        case on: return true
        default:
            add(.invalidValue, "\(what) must be \(off) or \(on), not \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    /// YAML 1.2's booleans only: `yes`, `no`, `on` and `off` are rejected rather than guessed.
    mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if case .scalar(let scalar) = node.kind, scalar.isPlain {
            switch scalar.text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        add(.invalidValue, "\(what) must be true or false, not \(node.kindDescription)", at: node.location)
        return nil
    }

    mutating func integer(_ node: YAMLNode, _ what: String, minimum: Int = 0) -> Int? {
        if case .scalar(let scalar) = node.kind, scalar.isPlain, let value = Int(scalar.text), value >= minimum {
            return value
        }
        add(
            .invalidValue, "\(what) must be a whole number of at least \(minimum), not \(node.kindDescription)",
            at: node.location)
        return nil
    }

    mutating func textList(_ node: YAMLNode, _ what: String) -> [(String, SourceLocation)]? {
        guard case .sequence(let items) = node.kind else {
            add(.invalidValue, "\(what) must be a list, not \(node.kindDescription)", at: node.location)
            return nil
        }
        var result: [(String, SourceLocation)] = []
        for item in items {
            // Each code keeps its exact text: `01` stays "01".
            guard case .scalar(let scalar) = item.kind else {
                add(.invalidValue, "each entry of \(what) must be text, not \(item.kindDescription)", at: item.location)
                continue
            }
            result.append((scalar.text, item.location))
        }
        return result
    }

    /// One ASCII character (a delimiter, quote or comment prefix); `\t` may be written for tab.
    mutating func character(_ node: YAMLNode, _ what: String) -> UInt8? {
        if case .scalar(let scalar) = node.kind {
            let bytes = Array(scalar.text.utf8)
            if bytes.count == 1, bytes[0] < 0x80, bytes[0] != 0x0A, bytes[0] != 0x0D { return bytes[0] }
            if scalar.text == "\\t" { return 0x09 }
        }
        add(
            .invalidValue, "\(what) must be one ASCII character (not a line break), not \(node.kindDescription)",
            at: node.location)
        return nil
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as: T.Type) -> T?
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        if case .scalar(let scalar) = node.kind, let value = T(rawValue: scalar.text) { return value }
        add(
            .invalidValue,
            "\(what) must be one of \(names.joined(separator: ", ")), not \(node.kindDescription)"
                + Suggestion.didYouMean(node.scalarText ?? "", among: names), at: node.location)
        return nil
    }

    /// A name from a closed set (a type, a checksum, a normalisation): the value, or a diagnostic
    /// "unknown NOUN 'x' (did you mean 'y'?)", listing the names when none is near.
    mutating func named<T: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ noun: String, as: T.Type, context: String = "",
        code: StandardDiagnostic.Code = .invalidValue
    ) -> T? where T.RawValue == String {
        if let text = node.scalarText, let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        let shown = node.scalarText.map { TextExcerpt.quoted($0) } ?? node.kindDescription
        add(
            code,
            "unknown \(noun) \(shown)\(context)"
                + Suggestion.didYouMean(
                    node.scalarText ?? "", among: names, otherwise: "; known ones are \(names.joined(separator: ", "))"),
            at: node.location)
        return nil
    }
}

extension String {
    /// Folded (`>`) and literal (`|`) YAML scalars end with a line break that no message wants.
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
