/// The shape Table Schema's `geojson` cells must have, checked on a tree from ``JSONSyntax/parse(_:maxDepth:)``.
///
/// GeoJSON follows the JSON Schema published at geojson.org (`GeoJSON.json`, after RFC 7946):
/// a linear ring needs four positions but need not close (the schema does not compare the first
/// and last), a `GeometryCollection` holds the six other geometries but not another collection,
/// and a `bbox` is four numbers or more. Members the RFC does not name are allowed, as the
/// schema allows them.
///
/// TopoJSON follows the TopoJSON 1.0 specification, in the shape of the schema frictionless checks
/// `topojson` cells with: a `Topology` needs `objects` and `arcs` (both "must" in the specification
/// and in that schema), and a geometry's `type` may be `null`. Where that schema contradicts the
/// specification this takes the specification: a `bbox` is numbers as in GeoJSON (the schema wants
/// two arrays), an arc holds positions and not `null`, and a transform's `scale` and `translate` are
/// two numbers each.
///
/// Both must be objects: frictionless refuses a cell that is not (`"string"`, `3.14`).
package enum GeoJSONShape {
    /// Whether the value is a GeoJSON object: a geometry, a `Feature` or a `FeatureCollection`.
    package static func isGeoJSON(_ node: JSONNode) -> Bool {
        guard let type = typeName(node), hasValidBoundingBox(node) else { return false }
        switch type {
        case "Feature": return isFeature(node)
        case "FeatureCollection":
            guard case .array(let features)? = node["features"] else { return false }
            return features.allSatisfy(isFeature)
        default: return isGeometry(node, collectionAllowed: true)
        }
    }

    /// Whether the value is a TopoJSON `Topology` or a TopoJSON geometry.
    package static func isTopoJSON(_ node: JSONNode) -> Bool {
        guard typeName(node) == "Topology" else { return isTopoGeometry(node) }
        guard hasValidBoundingBox(node), case .object(let objects)? = node["objects"],
            objects.allSatisfy({ isTopoGeometry($0.value) }),
            case .array(let arcs)? = node["arcs"],
            arcs.allSatisfy({ isArray($0, minimumCount: 2, of: isPosition) })
        else { return false }
        guard let transform = node["transform"] else { return true }
        guard case .object = transform, let scale = transform["scale"], let translate = transform["translate"] else {
            return false
        }
        return isPair(scale) && isPair(translate)
    }

    // MARK: GeoJSON

    private static func isFeature(_ node: JSONNode) -> Bool {
        guard typeName(node) == "Feature", hasValidBoundingBox(node), let properties = node["properties"],
            let geometry = node["geometry"]
        else { return false }
        switch properties {
        case .null, .object: break
        default: return false
        }
        if let id = node["id"] {
            switch id {
            case .string, .number: break
            default: return false
            }
        }
        if case .null = geometry { return true }
        return isGeometry(geometry, collectionAllowed: true)
    }

    private static func isGeometry(_ node: JSONNode, collectionAllowed: Bool) -> Bool {
        guard let type = typeName(node), hasValidBoundingBox(node) else { return false }
        if type == "GeometryCollection" {
            guard collectionAllowed, case .array(let geometries)? = node["geometries"] else { return false }
            return geometries.allSatisfy { isGeometry($0, collectionAllowed: false) }
        }
        guard let coordinates = node["coordinates"] else { return false }
        switch type {
        case "Point": return isPosition(coordinates)
        case "MultiPoint": return isArray(coordinates, of: isPosition)
        case "LineString": return isLineString(coordinates)
        case "MultiLineString": return isArray(coordinates, of: isLineString)
        case "Polygon": return isPolygon(coordinates)
        case "MultiPolygon": return isArray(coordinates, of: isPolygon)
        default: return false
        }
    }

    private static func isLineString(_ node: JSONNode) -> Bool { isArray(node, minimumCount: 2, of: isPosition) }

    /// Linear rings of four positions or more; the schema leaves closure unchecked, and so does this.
    private static func isPolygon(_ node: JSONNode) -> Bool {
        isArray(node) { isArray($0, minimumCount: 4, of: isPosition) }
    }

    // MARK: TopoJSON

    private static func isTopoGeometry(_ node: JSONNode) -> Bool {
        guard case .object = node, let typeNode = node["type"], hasValidBoundingBox(node) else { return false }
        if let id = node["id"] {
            switch id {
            case .string: break
            case .number(let number) where number.isInteger: break
            default: return false
            }
        }
        if let properties = node["properties"] {
            guard case .object = properties else { return false }
        }
        if case .null = typeNode { return true }  // a null object: a feature with no geometry
        guard case .string(let type) = typeNode else { return false }
        switch type {
        case "Point":
            return node["coordinates"].map(isPosition) ?? false
        case "MultiPoint":
            return node["coordinates"].map { isArray($0, of: isPosition) } ?? false
        case "GeometryCollection":
            guard case .array(let geometries)? = node["geometries"] else { return false }
            return geometries.allSatisfy(isTopoGeometry)
        default:
            guard let depth = arcNesting[type], let arcs = node["arcs"] else { return false }
            return isArcIndexes(arcs, depth: depth)
        }
    }

    /// How deep each geometry nests its arc indexes: `[0]`, `[[0]]`, `[[[0]]]`.
    private static let arcNesting = ["LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3]

    private static func isArcIndexes(_ node: JSONNode, depth: Int) -> Bool {
        guard depth > 1 else {
            return isArray(node) { item in
                if case .number(let number) = item { return number.isInteger }
                return false
            }
        }
        return isArray(node) { isArcIndexes($0, depth: depth - 1) }
    }

    /// `scale` and `translate`: two numbers.
    private static func isPair(_ node: JSONNode) -> Bool {
        guard case .array(let items) = node, items.count == 2 else { return false }
        return items.allSatisfy(isNumber)
    }

    // MARK: Shared

    /// The object's `type` when it is a string. Compared by the caller with `==`, which is exact
    /// here: no string that is not ASCII is canonically equivalent to one of the type names.
    private static func typeName(_ node: JSONNode) -> String? {
        guard case .object = node, case .string(let type)? = node["type"] else { return nil }
        return type
    }

    /// No `bbox`, or an array of four numbers or more.
    private static func hasValidBoundingBox(_ node: JSONNode) -> Bool {
        guard let box = node["bbox"] else { return true }
        return isArray(box, minimumCount: 4, of: isNumber)
    }

    /// An array of two numbers or more.
    private static func isPosition(_ node: JSONNode) -> Bool { isArray(node, minimumCount: 2, of: isNumber) }

    private static func isNumber(_ node: JSONNode) -> Bool {
        if case .number = node { return true }
        return false
    }

    private static func isArray(
        _ node: JSONNode, minimumCount: Int = 0, of element: (JSONNode) -> Bool
    ) -> Bool {
        guard case .array(let items) = node, items.count >= minimumCount else { return false }
        return items.allSatisfy(element)
    }
}
