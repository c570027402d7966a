/// -1, 0 or 1 as `a` is below, equal to or above `b`; `nil` when the two are unordered (a NaN).
@inline(__always)
func threeWayCompare<T: Comparable>(_ a: T, _ b: T) -> Int? {
    a < b ? -1 : (b < a ? 1 : (a == b ? 0 : nil))
}
