/// The diagnostics of one load, in the order found.
struct Diagnostics {
    private(set) var all: [StandardDiagnostic] = []
    /// Advice that does not stop the standard loading.
    private(set) var warnings: [StandardDiagnostic] = []

    mutating func add(_ code: StandardDiagnostic.Code, _ message: String, at location: SourceLocation?) {
        all.append(StandardDiagnostic(code, message, at: location))
    }

    mutating func warn(_ code: StandardDiagnostic.Code, _ message: String, at location: SourceLocation?) {
        warnings.append(StandardDiagnostic(code, message, at: location, severity: .warning))
    }

    mutating func add(contentsOf other: [StandardDiagnostic]) {
        all.append(contentsOf: other)
    }

    var isEmpty: Bool { all.isEmpty }
}
