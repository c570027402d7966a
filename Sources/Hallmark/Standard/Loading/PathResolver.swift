#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Path helpers for standards: relative `uses:` and code-list paths resolve against the file that names them.
package enum PathResolver {
    /// `base`'s directory joined with `relative`, tidied lexically (`a/b/../c` becomes `a/c`).
    package static func resolve(_ relative: String, from base: String) -> String {
        if relative.hasPrefix("/") { return tidy(relative) }
        let directory = directoryName(of: base)
        return tidy(directory.isEmpty ? relative : directory + "/" + relative)
    }

    package static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func tidy(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute, parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The file's real path, so two spellings of one file count as one (for `uses` cycles).
    package static func canonical(_ path: String) -> String {
        realPath(path) ?? canonicalLexically(path)
    }

    /// The real path (symbolic links and `..` resolved), or `nil` when the file does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// An absolute, tidied path without touching the file system (for a path that does not exist).
    static func canonicalLexically(_ path: String) -> String {
        if path.hasPrefix("/") { return tidy(path) }
        return tidy((realPath(".") ?? "") + "/" + path)
    }

    /// Whether `path` is `root` or inside it; both real paths.
    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }
}
