extension AppState {
    /// The query, key and head the views point at (the explanation walks through them).
    public struct Selection: Equatable, Sendable {
        public var query: Int
        public var key: Int
        public var head: Int
        /// Queries picked with Ctrl+click, in ascending order: their attention is shown summed.
        public var queries: [Int] = []
        /// A flag or cue chose the query: a decoder's first answer does not move it to the last.
        public var picked = false

        public init(query: Int = 0, key: Int = 0, head: Int = 0) {
            self.query = query
            self.key = key
            self.head = head
        }
    }
}
