import CSDL2

/// An SDL or SDL_ttf failure, with the message SDL gave (read and cleared).
public struct SDLError: Error, CustomStringConvertible, Sendable {
    public let context: String
    public let detail: String

    public init(_ context: String) {
        self.context = context
        var text = ""
        if let p = SDL_GetError() { text = String(cString: p) }
        SDL_ClearError()
        detail = text
    }

    public init(_ context: String, detail: String) {
        self.context = context
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? context : "\(context): \(detail)"
    }
}
