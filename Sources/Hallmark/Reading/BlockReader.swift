internal import Crypto

/// Reads an input in large blocks for the parallel pass, each ending just after a line break, so a
/// worker can parse it on its own (a line break inside a quoted cell is caught when merging, see
/// the validator's pass). Gzip input is decompressed on the fly; the SHA-256 and byte count are of the
/// bytes as stored, so they match `sha256sum`.
package final class BlockReader {
    package let path: String
    private let source: FileByteSource
    private let blockSize: Int
    private var inflater: GzipInflater?
    private var raw: UnsafeMutableRawBufferPointer
    private var rawPending = 0
    private var carry: [UInt8] = []
    private var sourceEnded = false
    private var finished = false
    private var hasher = SHA256()
    /// Turns the input into UTF-8 when it is in another encoding.
    private var transcoder: Transcoder?
    /// Bytes read from the file (compressed ones, for gzip).
    package private(set) var bytesRead = 0
    /// The file's size, when it is a regular file (for progress).
    package var fileSize: Int? { source.size }

    /// Opens `path` (`-` for standard input). Nothing is read until the first ``next()``, which
    /// detects gzip from the first bytes, so opening never blocks on a pipe.
    package init(path: String, blockSize: Int, encoding: TextEncoding = .utf8) throws(InputError) {
        self.path = path
        transcoder = Transcoder(encoding)
        source = try FileByteSource(path: path)
        self.blockSize = max(blockSize, 1)
        raw = .allocate(byteCount: 1 << 18, alignment: 16)
    }

    /// Reads the first bytes and decides whether they are gzip.
    private func start() throws(InputError) {
        started = true
        let first = try fillRaw()
        if GzipInflater.isGzip(UnsafeRawBufferPointer(rebasing: raw[0..<first])) {
            inflater = GzipInflater()
        }
        rawPending = first
    }

    /// Whether the first bytes have been read (see ``start()``).
    private var started = false

    deinit { raw.deallocate() }

    /// A block of input: whole records, except where one record is longer than a block or a line
    /// break stands inside quotes.
    package struct Block: Sendable {
        package var bytes: [UInt8]
        /// Whether the input ends with this block.
        package var isLast: Bool
    }

    /// The next block, or `nil` after the last.
    ///
    /// - Parameter spent: the bytes of a block that is no longer needed, to read into (their
    ///   pages are in memory already: a fresh 4 MiB buffer is 1,024 page faults).
    package func next(reusing spent: consuming [UInt8] = []) throws(InputError) -> Block? {
        guard !finished else { return nil }
        if !started { try start() }
        var failure: InputError?
        let size = blockSize + carry.count
        var block = consume spent
        // Sized without writing its bytes (all are read into before any is looked at), but for
        // the few past a spent block's end.
        if block.isEmpty {
            block = [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
        } else if block.count > size {
            block.removeLast(block.count - size)
        } else {
            block.append(contentsOf: repeatElement(0, count: size - block.count))
        }
        var initialized = 0
        block.withUnsafeMutableBytes { raw in
            carry.withUnsafeBytes { raw.copyMemory(from: $0) }
            initialized = carry.count
            while initialized < raw.count && !sourceEnded {
                do throws(InputError) {
                    initialized += try fill(UnsafeMutableRawBufferPointer(rebasing: raw[initialized...]))
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        block.removeLast(block.count - initialized)
        if var transcoder {
            // The carry is UTF-8 already; what was read after it is not.
            var text = [UInt8]()
            text.reserveCapacity(block.count + block.count / 8)
            text.append(contentsOf: carry)
            block.withUnsafeBytes {
                transcoder.transcode(UnsafeRawBufferPointer(rebasing: $0[carry.count...]), into: &text)
            }
            if sourceEnded { transcoder.finish(into: &text) }
            self.transcoder = transcoder
            block = text
        }
        carry = []
        if sourceEnded {
            finished = true
            return Block(bytes: block, isLast: true)
        }
        // Cut after the last line feed; the rest starts the next block. With none, the block is
        // sent whole and the merge continues the record it ends in.
        if let lastLF = block.lastIndex(of: 0x0A), lastLF + 1 < block.count {
            carry = Array(block[(lastLF + 1)...])
            block.removeSubrange((lastLF + 1)...)
        }
        return Block(bytes: block, isLast: false)
    }

    /// The SHA-256 of the bytes read, in hex; call once, at the end.
    package func hexDigest() -> String {
        hasher.hexDigest()
    }

    /// Fills `buffer` with input bytes (decompressed if need be); sets `sourceEnded` at the end.
    private func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let inflater else {
            if rawPending > 0 {
                let count = min(rawPending, buffer.count)
                buffer.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: count)
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + count, byteCount: rawPending - count)
                rawPending -= count
                return count
            }
            let count = try source.read(into: buffer)
            record(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            if count == 0 { sourceEnded = true }
            return count
        }
        while true {
            if inflater.needsInput {
                if rawPending == 0 { rawPending = try fillRaw() }
                if rawPending == 0 {
                    guard inflater.endedCleanly else {
                        throw InputError(
                            .corruptCompression, path: path, reason: "the gzip data ends early (truncated file?)")
                    }
                    sourceEnded = true
                    return 0
                }
                inflater.provide(UnsafeRawBufferPointer(rebasing: raw[0..<rawPending]))
                rawPending = 0
            }
            let count = try inflater.inflate(into: buffer, path: path)
            if count > 0 { return count }
        }
    }

    private func fillRaw() throws(InputError) -> Int {
        let count = try source.read(into: raw)
        record(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
        return count
    }

    private func record(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        bytesRead += bytes.count
    }
}
