/// The looked-at view: whose attention the bars under the tokens show.
public struct LooksState: Equatable, Sendable {
    /// The average of the layer's heads; when false, the selected head (`selection.head`).
    public var average = true

    public init(average: Bool = true) {
        self.average = average
    }
}
