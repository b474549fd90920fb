enum RenderCommand {
    static func run(_ o: Options) -> Int32 {
        printError("attnviz: render is not built yet")
        return 1
    }
}
enum WindowCommand {
    static func run(_ o: Options) -> Int32 {
        printError("attnviz: the window is not built yet")
        return 1
    }
}
