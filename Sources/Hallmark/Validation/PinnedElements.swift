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

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
