// swift-tools-version:6.0
import PackageDescription

/// AttnViz: a real-time visualizer of transformer self-attention (SDL2 + SDL2_ttf).
let package = Package(
    name: "AttnViz",
    targets: [
        .systemLibrary(
            name: "CSDL2",
            pkgConfig: "attnviz-sdl2",
            providers: [.apt(["libsdl2-dev", "libsdl2-ttf-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        // The X server's word on a window's size (Xlib kept out of Swift's sight).
        .target(name: "CWindowSize", linkerSettings: [.linkedLibrary("SDL2"), .linkedLibrary("X11")]),
        .target(name: "AttentionCore", dependencies: ["CMalloc"]),
        .target(name: "TrainedModels", dependencies: ["AttentionCore"]),
        .target(name: "SafeFiles"),
        .target(name: "ModelLoading", dependencies: ["TrainedModels", "SafeFiles"]),
        .target(name: "VisualizerModel", dependencies: ["AttentionCore", "TrainedModels"]),
        .target(
            name: "SDLBackend",
            dependencies: ["VisualizerModel", "AttentionCore", "TrainedModels", "SafeFiles", "CSDL2", "CWindowSize"]),
        .executableTarget(
            name: "attnviz",
            dependencies: [
                "SDLBackend", "VisualizerModel", "AttentionCore", "TrainedModels", "ModelLoading", "SafeFiles",
            ]),
        .executableTarget(
            name: "attnviz-bench",
            dependencies: ["AttentionCore", "VisualizerModel", "SDLBackend", "TrainedModels", "ModelLoading"],
            path: "bench/AttnVizBench"
        ),
        .target(name: "TestSupport", dependencies: ["VisualizerModel", "TrainedModels"], path: "Tests/TestSupport"),
        .testTarget(
            name: "TrainedModelsTests", dependencies: ["TrainedModels", "ModelLoading", "AttentionCore", "TestSupport"]),
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore", "TestSupport"]),
        .testTarget(
            name: "VisualizerModelTests",
            dependencies: ["VisualizerModel", "AttentionCore", "TrainedModels", "TestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "SDLBackendTests",
            dependencies: ["SDLBackend", "VisualizerModel", "AttentionCore", "TrainedModels", "TestSupport"],
            exclude: ["Goldens"]
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
