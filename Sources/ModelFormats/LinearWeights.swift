import AttentionCore

/// y = x·W + b with W (in × out, the transpose of PyTorch's Linear) packed once into the GEMM's
/// panels: a forward over a few tokens is bound by streaming the weights, and packed panels
/// stream front to back (bench/README.md, "Why the code is as it is").
package struct Linear: Sendable {
    package var w: PackedMatrix
    package var b: [Float]
    static var panelWidth: Int { KernelTier.current.widestPanel }
}

package struct LayerNormWeights: Sendable {
    package var gamma: [Float]
    package var beta: [Float]

    package init(gamma: [Float], beta: [Float]) {
        self.gamma = gamma
        self.beta = beta
    }
}
