extension Sequence {
    /// `allSatisfy` that fails on an empty sequence: an expectation about "every arc" or "every
    /// tile" must not pass because there were none.
    public func allSatisfyNonEmpty(_ predicate: (Element) throws -> Bool) rethrows -> Bool {
        var any = false
        for element in self {
            guard try predicate(element) else { return false }
            any = true
        }
        return any
    }
}
