/// A copy of an array's elements at a fixed address, freed with this holder; one per worker.
///
/// Read through ``base``, an element costs no retain of an array. Read from an array every worker
/// shares (the compiled standard's), each read retained and released the array's storage (and a
/// layout's own), atomic counts the workers' cores took from each other: 5% of a `--jobs 2` pass
/// for one date layout. Elements should hold no storage of their own, since reading one retains
/// it: pin that storage too, and keep pointers into it (``TemporalLayout/InPlace``).
final class PinnedElements<Element> {
    let base: UnsafeMutablePointer<Element>
    private let count: Int

    init(_ elements: [Element]) {
        // One more than needed, so an empty array still has an address.
        base = .allocate(capacity: elements.count + 1)
        count = elements.count
        elements.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: $0.count) }
    }

    /// Several arrays' elements back to back, and a buffer over each array's part, valid while
    /// `storage` lives: lists of lists (a layout's tokens, a key's columns) read in place.
    static func concatenating(_ lists: [[Element]]) -> (storage: PinnedElements, parts: [UnsafeBufferPointer<Element>])
    {
        let storage = PinnedElements(lists.flatMap { $0 })
        var start = 0
        let parts = lists.map { list in
            defer { start += list.count }
            return UnsafeBufferPointer(start: storage.base + start, count: list.count)
        }
        return (storage, parts)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
