import AttentionCore

/// One row of the binding table: the help overlay and the README are generated from these, so
/// the documentation cannot drift from the behaviour.
public struct KeyBinding: Equatable, Sendable {
    public var key: Key
    public var modifiers: Modifiers
    public var command: Command
    public var label: String
    public var help: String
    /// Only in this view (nil: everywhere).
    public var view: ViewKind?
    /// Only when this holds (nil: always); such a binding wins over an unconditional one.
    public var when: BindingCondition?
    /// A second view the binding also belongs to (the looked-at view steps tokens with the
    /// explanation's keys), so one help row serves both.
    public var alsoIn: ViewKind?
}

/// What must hold for a binding to apply.
public enum BindingCondition: Equatable, Sendable {
    /// A decoder is loaded.
    case decoder
}
