// swift-tools-version:6.0
import PackageDescription

/// AttnViz: a real-time visualizer of transformer self-attention (SDL2 + SDL2_ttf).
let package = Package(
    name: "AttnViz",
    targets: [
        // SDL2 and SDL2_ttf through the project's own attnviz-sdl2.pc.
        .systemLibrary(
            name: "CSDL2",
            pkgConfig: "attnviz-sdl2",
            providers: [.apt(["libsdl2-dev", "libsdl2-ttf-dev"])]
        ),
        // glibc's mallopt, so freed maps go back to the system.
        .systemLibrary(name: "CMalloc"),
        // The instruction set the build targets (AVX-512, AVX2 + FMA or neither), which picks the kernels' tile shapes.
        .systemLibrary(name: "CKernelTier"),
        // The X server's word on a window's size (Xlib kept out of Swift's sight).
        .target(name: "CWindowSize", linkerSettings: [.linkedLibrary("SDL2"), .linkedLibrary("X11")]),
        // The math: tokens, seeded embeddings, multi-head attention with masks, the trace, pooled overviews, and the
        // kernels every forward shares (GEMM, softmax, worker team). No I/O, no clock.
        .target(name: "AttentionCore", dependencies: ["CMalloc", "CKernelTier"]),
        // Model files' bytes: errors, safetensors, GGUF, tensor reading, and one type per quantization block with its
        // kernels.
        .target(name: "ModelFormats", dependencies: ["AttentionCore", "CKernelTier"]),
        // Text to ids: one pipeline (normalizer, pre-tokenizer, WordPiece, BPE or Unigram, post-processor) built from
        // tokenizer.json, vocab.txt, vocab.json + merges.txt or a GGUF vocabulary; a linear-time regex matcher.
        .target(name: "Tokenizers", dependencies: ["ModelFormats", "AttentionCore"]),
        // BERT-family encoders: config, weights, the forward, traces, rollout and head patterns.
        .target(name: "Encoders", dependencies: ["Tokenizers", "ModelFormats", "AttentionCore"]),
        // Decoders: llama and GPT-2 blocks, the key/value cache, sampling, the logit lens, and TrainedModel (an encoder
        // or a decoder).
        .target(name: "Decoders", dependencies: ["Encoders", "Tokenizers", "ModelFormats", "AttentionCore"]),
        // Reading files with size limits and atomic writes (temporary name, rename, links and devices refused, signals
        // clean up).
        .target(name: "SafeFiles"),
        // Finds and opens model files: folders, .gguf files, the Hugging Face hub cache, the attnviz models listing.
        .target(
            name: "ModelLoading", dependencies: ["Decoders", "Encoders", "Tokenizers", "ModelFormats", "SafeFiles"]),
        // The frame-independent app: feature states, actions, reduce, tweens, layout, hit-testing and the pure display
        // list. No SDL, no clock, no I/O.
        .target(name: "VisualizerModel", dependencies: ["AttentionCore", "Decoders", "Encoders", "Tokenizers"]),
        // Files out of a frame: the display list as SVG, frames as BMP, screenshot names.
        .target(name: "Exports", dependencies: ["VisualizerModel", "SafeFiles"]),
        // What runs the app beside its window: flags to the opening state, the worker that answers compute effects,
        // inline settling for render/dump/record, the font's path.
        .target(
            name: "AppShell",
            dependencies: [
                "VisualizerModel", "AttentionCore", "Decoders", "Encoders", "Tokenizers", "ModelFormats",
                "ModelLoading", "SafeFiles",
            ]
        ),
        // The only SDL code: the window, event mapping, display-list replay, the text cache, headless rendering.
        .target(
            name: "SDLBackend",
            dependencies: [
                "AppShell", "Exports", "VisualizerModel", "AttentionCore", "Decoders", "Encoders", "Tokenizers",
                "ModelFormats", "SafeFiles", "CSDL2", "CWindowSize",
            ]
        ),
        // The command line: flags and the subcommands dump, render, record, generate and models.
        .executableTarget(
            name: "attnviz",
            dependencies: [
                "SDLBackend", "AppShell", "Exports", "VisualizerModel", "AttentionCore", "Decoders", "Encoders",
                "Tokenizers", "ModelFormats", "ModelLoading", "SafeFiles",
            ]
        ),
        // The Swift side of make bench.
        .executableTarget(
            name: "attnviz-bench",
            dependencies: [
                "AttentionCore", "VisualizerModel", "AppShell", "Exports", "SDLBackend", "Decoders", "Encoders",
                "Tokenizers", "ModelFormats", "ModelLoading",
            ],
            path: "bench/AttnVizBench"
        ),
        .target(
            name: "TestSupport",
            dependencies: ["VisualizerModel", "Decoders", "Encoders", "Tokenizers", "ModelFormats", "AppShell"],
            path: "Tests/TestSupport"),
        .testTarget(name: "ModelFormatsTests", dependencies: ["ModelFormats", "AttentionCore", "TestSupport"]),
        .testTarget(
            name: "TokenizersTests", dependencies: ["Tokenizers", "ModelFormats", "ModelLoading", "TestSupport"]),
        .testTarget(
            name: "EncodersTests",
            dependencies: ["Encoders", "Tokenizers", "ModelFormats", "AttentionCore", "TestSupport"]),
        .testTarget(
            name: "DecodersTests",
            dependencies: [
                "Decoders", "Encoders", "Tokenizers", "ModelFormats", "ModelLoading", "AttentionCore", "TestSupport",
            ]),
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore", "CKernelTier", "TestSupport"]),
        .testTarget(
            name: "VisualizerModelTests",
            dependencies: [
                "VisualizerModel", "AppShell", "AttentionCore", "Decoders", "Encoders", "Tokenizers", "ModelFormats",
                "ModelLoading", "TestSupport",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "SDLBackendTests",
            dependencies: [
                "SDLBackend", "AppShell", "Exports", "VisualizerModel", "AttentionCore", "Decoders", "Encoders",
                "Tokenizers", "ModelFormats", "TestSupport",
            ],
            exclude: ["Goldens"]
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "VisualizerModel", "TestSupport"]),
        .testTarget(
            name: "ModelLoadingTests",
            dependencies: ["ModelLoading", "Decoders", "Encoders", "Tokenizers", "ModelFormats", "TestSupport"]),
        .testTarget(
            name: "AppShellTests",
            dependencies: [
                "AppShell", "VisualizerModel", "AttentionCore", "Decoders", "Encoders", "Tokenizers", "ModelFormats",
                "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
