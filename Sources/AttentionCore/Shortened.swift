/// A value as it may appear in one error line: a 1 MiB token or path is cut, not quoted whole.
public func shortened(_ s: String, limit: Int = 80) -> String {
    s.count <= limit ? s : String(s.prefix(max(1, limit - 1))) + "…"
}
