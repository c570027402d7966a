/// The check a structured type's value gets (durations, points, JSON, lists, URIs, base64): its
/// shape alone, read from the cell's bytes, since these types have no bounds or number syntax.
package enum ValueShape: Sendable {
    case duration
    case geopoint(GeopointSyntax)
    /// An object or an array, and the JSON Schema it must match, if any.
    case json(JSONKind, schema: JSONSchemaSubset?)
    case geojson
    case topojson
    /// Items between delimiters, each of a plain type (``ListItem``).
    case list(delimiter: UInt8, item: ListItem)
    case uri
    case base64

    init?(_ field: FieldSpec) {
        let constraints = field.constraints
        switch field.type {
        case .duration: self = .duration
        case .geopoint: self = .geopoint(constraints.geopointSyntax)
        case .object: self = .json(.object, schema: constraints.jsonSchema)
        case .array: self = .json(.array, schema: constraints.jsonSchema)
        case .geojson: self = .geojson
        case .topojson: self = .topojson
        case .list:
            self = .list(
                delimiter: constraints.listDelimiter,
                item: ListItem(
                    type: constraints.itemType, trueValues: constraints.trueValues.map { Array($0.utf8) },
                    falseValues: constraints.falseValues.map { Array($0.utf8) }))
        case .uri: self = .uri
        case .base64: self = .base64
        default: return nil
        }
    }

    /// How many items a list, array or object holds (`nil` for other shapes, and for a value that
    /// is not one): what `min-length` and `max-length` count for them.
    func itemCount(_ bytes: UnsafeRawBufferPointer) -> Int? {
        switch self {
        case .list(let delimiter, _): return bytes.reduce(1) { $0 + ($1 == delimiter ? 1 : 0) }
        case .json:
            switch JSONSyntax.parse(bytes) {
            case .array(let items)?: return items.count
            case .object(let members)?: return members.count
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether `bytes` (not missing) is a value of this shape.
    func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .duration: return ISODuration.parse(bytes) != nil
        case .geopoint(let syntax): return syntax.accepts(bytes)
        case .json(let kind, let schema):
            guard let schema else { return JSONSyntax.topLevelKind(bytes) == kind }
            guard let node = JSONSyntax.parse(bytes), node.kind == kind else { return false }
            return schema.validate(node)
        case .geojson: return JSONSyntax.parse(bytes).map(GeoJSONShape.isGeoJSON) ?? false
        case .topojson: return JSONSyntax.parse(bytes).map(GeoJSONShape.isTopoJSON) ?? false
        case .list(let delimiter, let item):
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == delimiter {
                if !item.accepts(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) { return false }
                start = index + 1
            }
            return true
        case .uri: return URISyntax.isValid(bytes)
        case .base64: return Base64Syntax.isValid(bytes)
        }
    }
}

/// The type of a list's items (one of ``FieldType/listItemTypes``), each checked in its plain, ISO spelling.
package struct ListItem: Sendable {
    let type: FieldType
    let trueValues: [[UInt8]]
    let falseValues: [[UInt8]]

    func accepts(_ item: UnsafeRawBufferPointer) -> Bool {
        switch type {
        case .string: return true
        case .integer: return IntegerSyntax.parse(item) != nil
        case .decimal: return DecimalNumber.scan(item) != nil
        case .number: return FloatSyntax.parse(item) != nil
        case .boolean:
            return trueValues.contains { CellText.equals(item, $0) }
                || falseValues.contains { CellText.equals(item, $0) }
        case .date, .time, .datetime, .year, .yearmonth: return type.temporalKind?.parse(item) != nil
        case .duration: return ISODuration.parse(item) != nil
        default: return false  // not a list item type: refused when the standard loads
        }
    }
}
