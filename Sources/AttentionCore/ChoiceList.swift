/// "a, b or c": the values a flag or a cue key accepts, written from the type's own cases so the
/// message cannot drift from what is parsed.
public func choiceList(_ names: [String]) -> String {
    guard let last = names.last else { return "" }
    return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
}

extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// Every raw value, as `choiceList` writes them.
    public static var choices: String { choiceList(allCases.map(\.rawValue)) }
}
