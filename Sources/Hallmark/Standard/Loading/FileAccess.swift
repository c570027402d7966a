/// Which files a standard may open: the trust model for standards that come from strangers.
///
/// Every path a standard names (`uses:`, a code list's `file:`) is relative, resolved against the
/// file that names it, and must stay inside the standards root once `..` and symbolic links are
/// resolved. Absolute paths are refused; only regular files are opened, each at most a size limit.
/// A standard given as text with no root may name no file at all.
struct FileAccess {
    /// The root's real path, or `nil` when no file may be opened.
    let root: String?
    let limits: Standard.Limits

    init(root: String?, limits: Standard.Limits) {
        self.root = root.map(PathResolver.canonical)
        self.limits = limits
    }

    /// Why a named path may not be opened.
    enum Refusal: Error {
        case absolute, noRoot
        case outsideRoot(String)
        /// Nothing is at the resolved path (given, as it resolved against the naming file's folder).
        case missing(resolved: String)
    }

    /// `relative`, named in the file at `base`: the path to show (tidied, as the user spelled it)
    /// and the real path to open, when it may be opened.
    func resolve(_ relative: String, from base: String) -> Result<(shown: String, real: String), Refusal> {
        if relative.hasPrefix("/") { return .failure(.absolute) }
        guard let root else { return .failure(.noRoot) }
        let lexical = PathResolver.resolve(relative, from: base)
        guard let real = PathResolver.realPath(lexical) else {
            // Say "missing" only for a path whose lexical form stays inside the root, so a refusal
            // never reveals whether a file exists elsewhere.
            let inside = PathResolver.isInside(PathResolver.canonicalLexically(lexical), root)
            return .failure(inside ? .missing(resolved: lexical) : .outsideRoot(root))
        }
        return PathResolver.isInside(real, root) ? .success((lexical, real)) : .failure(.outsideRoot(root))
    }

    /// Reads a file this standard may open: a regular file of at most `maxBytes`.
    func read(_ real: String, maxBytes: Int) throws(InputError) -> [UInt8] {
        try FileByteSource.readAll(path: real, maxBytes: maxBytes)
    }

    /// The message for a refusal of `relative`, named as `what` (`uses`, `code list file`).
    static func message(_ refusal: Refusal, _ relative: String, _ what: String) -> String {
        let shown = TextExcerpt.path(relative)
        switch refusal {
        case .absolute:
            return "\(what) \(shown) is an absolute path; name files relative to the file that names them"
        case .noRoot:
            return "\(what) \(shown) names a file, but this standard was given as text with no root directory; "
                + "give one (root:, --standards-root) to allow files under it"
        case .outsideRoot(let root):
            return "\(what) \(shown) resolves outside the standards root \(TextExcerpt.path(root)); "
                + "files a standard names must be inside it (set it with --standards-root or root:)"
        case .missing(let resolved):
            // The path as resolved tells where Hallmark looked: relative to the file that names it.
            let place = TextExcerpt.path(resolved)
            let looked = place == shown ? "" : " (looked for \(place), relative to the file that names it)"
            return what == "uses"
                ? "cannot read \(shown) named in uses\(looked): no such file or directory"
                : "cannot read \(what) \(shown)\(looked): no such file or directory"
        }
    }
}
