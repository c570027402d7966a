/// The diagnostics of one load, in the order found.
struct Diagnostics {
    private(set) var all: [StandardDiagnostic] = []

    mutating func add(_ code: StandardDiagnostic.Code, _ message: String, at location: SourceLocation?) {
        all.append(StandardDiagnostic(code, message, at: location))
    }

    mutating func add(contentsOf other: [StandardDiagnostic]) {
        all.append(contentsOf: other)
    }

    var isEmpty: Bool { all.isEmpty }
}
