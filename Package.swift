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
        // Files out of a frame: the display list as SVG, frames as BMP, screenshot names.
        .target(name: "Exports", dependencies: ["VisualizerModel", "SafeFiles"]),
        // What runs the app beside its window: flags to the opening state, the worker that
        // answers compute effects, inline settling for render/dump/record, the font's path.
        .target(
            name: "AppShell",
            dependencies: ["VisualizerModel", "AttentionCore", "TrainedModels", "ModelLoading", "SafeFiles"]
        ),
        .target(
            name: "SDLBackend",
            dependencies: [
                "AppShell", "Exports", "VisualizerModel", "AttentionCore", "TrainedModels", "SafeFiles", "CSDL2",
                "CWindowSize",
            ]
        ),
        .executableTarget(
            name: "attnviz",
            dependencies: [
                "SDLBackend", "AppShell", "Exports", "VisualizerModel", "AttentionCore", "TrainedModels",
                "ModelLoading", "SafeFiles",
            ]
        ),
        .executableTarget(
            name: "attnviz-bench",
            dependencies: [
                "AttentionCore", "VisualizerModel", "AppShell", "Exports", "SDLBackend", "TrainedModels",
                "ModelLoading",
            ],
            path: "bench/AttnVizBench"
        ),
        .target(
            name: "TestSupport", dependencies: ["VisualizerModel", "TrainedModels", "AppShell"],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "TrainedModelsTests", dependencies: ["TrainedModels", "ModelLoading", "AttentionCore", "TestSupport"]),
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore", "TestSupport"]),
        .testTarget(
            name: "VisualizerModelTests",
            dependencies: [
                "VisualizerModel", "AppShell", "AttentionCore", "TrainedModels", "ModelLoading", "TestSupport",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "SDLBackendTests",
            dependencies: [
                "SDLBackend", "AppShell", "Exports", "VisualizerModel", "AttentionCore", "TrainedModels", "TestSupport",
            ],
            exclude: ["Goldens"]
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "VisualizerModel", "TestSupport"]),
        .testTarget(name: "ModelLoadingTests", dependencies: ["ModelLoading", "TrainedModels", "TestSupport"]),
        .testTarget(
            name: "AppShellTests",
            dependencies: ["AppShell", "VisualizerModel", "AttentionCore", "TrainedModels", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
