extension AppState {
    /// F9, F10, F8 and the text size keys.
    mutating func perform(_ command: AppearanceCommand) -> [Effect] {
        switch command {
        case .cycleTheme:
            let i = Theme.all.firstIndex { $0.name == theme.name } ?? 0
            theme = Theme.all[(i + 1) % Theme.all.count]
            flash("theme: \(theme.name)", error: false)
        case .cycleColormap:
            let maps = Colormap.sequential
            colormap = maps[((maps.firstIndex(of: colormap) ?? 0) + 1) % maps.count]
            flash("colour map: \(colormap.rawValue)", error: false)
        case .toggleColorScale:
            colorScale = colorScale == .auto ? .fixed : .auto
            flash(
                colorScale == .auto
                    ? "colour scale: auto, top = largest weight on screen" : "colour scale: fixed, 0 to 1",
                error: false)
        case .fontBigger, .fontSmaller, .fontReset:
            let step: Float = command == .fontBigger ? 0.1 : -0.1
            fontScale = command == .fontReset ? 1 : min(2.5, max(0.8, ((fontScale + step) * 10).rounded() / 10))
            flash("text size ×\(formatted(fontScale, decimals: 1))", error: false)
        }
        return []
    }
}
