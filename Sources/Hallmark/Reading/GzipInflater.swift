internal import CZlib

/// Decompresses gzip (or zlib) data as it streams past, with zlib. Concatenated gzip members,
/// as `cat a.gz b.gz` makes, decompress to the concatenation.
package final class GzipInflater {
    private var stream = z_stream()
    private var pendingInput: [UInt8] = []
    private var pendingOffset = 0
    private var atMemberEnd = false

    /// Whether `bytes` begin with the gzip magic number.
    package static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    package init() {
        let status = hm_inflate_init_gzip(&stream)
        precondition(status == Z_OK, "zlib could not start: \(status)")
    }

    deinit { inflateEnd(&stream) }

    /// Whether the compressed bytes given so far are all used up.
    package var needsInput: Bool { pendingOffset == pendingInput.count }

    /// Hands over the next compressed bytes; call only when ``needsInput``.
    package func provide(_ bytes: UnsafeRawBufferPointer) {
        pendingInput.removeAll(keepingCapacity: true)
        pendingInput.append(contentsOf: bytes)
        pendingOffset = 0
    }

    /// Decompresses into `buffer`; returns how many bytes were written (0 when more input is needed).
    ///
    /// - Throws: ``InputError`` (with `path`) when the data is not valid gzip.
    package func inflate(into buffer: UnsafeMutableRawBufferPointer, path: String) throws(InputError) -> Int {
        var written = 0
        while written < buffer.count && !needsInput {
            if atMemberEnd {
                // Another member follows the one that ended.
                inflateReset(&stream)
                atMemberEnd = false
            }
            let available = pendingInput.count - pendingOffset
            let status: Int32 = pendingInput.withUnsafeMutableBytes { input in
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self) + pendingOffset
                stream.avail_in = UInt32(available)
                stream.next_out = (buffer.baseAddress! + written).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(buffer.count - written)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            pendingOffset += available - Int(stream.avail_in)
            written = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_STREAM_END: atMemberEnd = true
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw InputError(.corruptCompression, path: path, reason: "the gzip data is corrupt (\(detail))")
            }
        }
        return written
    }

    /// Called at the end of the compressed input: whether it ended cleanly, at the end of a member.
    package var endedCleanly: Bool { atMemberEnd || stream.total_in == 0 }
}
