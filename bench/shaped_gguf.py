"""Writes a GGUF shaped like Llama-3.2-1B or Llama-3.1-8B with random Q4_K weights, for timing
AttnViz against llama.cpp on the sizes people run (a forward's cost does not depend on the values).

usage: shaped_gguf.py OUT.gguf llama-1b|llama-8b

Every matrix is Q4_K (as most of a Q4_K_M file): random 4-bit values and 6-bit scales under
small float16 block scales, so activations stay finite through every layer. The norms are ones;
Llama 3.1's RoPE factors are there, as in the real files. The vocabulary is Llama 3's size
(128,256): the 256 byte-level pieces, a few merges, filler pieces and Llama 3's special tokens,
a tokenizer both llama.cpp and AttnViz read (the benchmark feeds token ids). The tensors are
written one at a time, so the 4.9 GB file never sits in memory whole.
"""
import sys

import numpy as np
import gguf

from reference_llama import gpt2_byte_chars

SHAPES = {
    # hidden, layers, heads, kv heads, feed-forward, tied output
    "llama-1b": (2048, 16, 32, 8, 8192, True),
    "llama-8b": (4096, 32, 32, 8, 14336, False),
}
VOCAB = 128256
SPECIAL = 256


def vocabulary():
    merges = ["Ġ t", "h e", "Ġt he", "i n", "Ġ a", "e r", "o n", "Ġ c", "a t", "Ġc at"]
    tokens = gpt2_byte_chars() + [m.replace(" ", "") for m in merges]
    tokens += [f"filler{i}" for i in range(VOCAB - SPECIAL - len(tokens))]
    tokens += ["<|begin_of_text|>", "<|end_of_text|>"] + [f"<|reserved_special_token_{i}|>" for i in range(SPECIAL - 2)]
    types = [1] * (VOCAB - SPECIAL) + [3] * SPECIAL
    return tokens, types, merges


def q4k_bytes(rng, rows, cols):
    """rows × cols values as Q4_K blocks: 2 float16 scales, 12 bytes of 6-bit scales, 128 of nibbles."""
    blocks = rows * cols // 256
    raw = np.frombuffer(rng.bytes(blocks * 144), dtype=np.uint8).reshape(blocks, 144).copy()
    raw[:, 0:2] = np.frombuffer(np.float16(2.0 ** -12).tobytes(), dtype=np.uint8)  # d
    raw[:, 2:4] = np.frombuffer(np.float16(2.0 ** -13).tobytes(), dtype=np.uint8)  # dmin
    return raw.reshape(rows, cols // 256 * 144)


def main():
    out, shape = sys.argv[1], sys.argv[2]
    d, layers, heads, kv, ffn, tied = SHAPES[shape]
    hs = d // heads
    rng = np.random.default_rng(20261207)
    w = gguf.GGUFWriter(out, "llama")
    w.add_name(shape + "-shaped-random")
    w.add_block_count(layers)
    w.add_context_length(131072)
    w.add_embedding_length(d)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv)
    w.add_rope_freq_base(500000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(hs)
    tokens, types, merges = vocabulary()
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("llama-bpe")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(VOCAB - SPECIAL)
    w.add_eos_token_id(VOCAB - SPECIAL + 1)
    w.add_add_bos_token(False)

    q4k = gguf.GGMLQuantizationType.Q4_K
    plan = [("token_embd.weight", VOCAB, d), ("output_norm.weight", d, None), ("rope_freqs.weight", hs // 2, None)]
    if not tied:
        plan.append(("output.weight", VOCAB, d))
    for l in range(layers):
        p = f"blk.{l}."
        plan += [(p + "attn_norm.weight", d, None), (p + "ffn_norm.weight", d, None)]
        plan += [(p + "attn_q.weight", d, d), (p + "attn_k.weight", kv * hs, d), (p + "attn_v.weight", kv * hs, d),
                 (p + "attn_output.weight", d, d), (p + "ffn_gate.weight", ffn, d), (p + "ffn_up.weight", ffn, d),
                 (p + "ffn_down.weight", d, ffn)]
    for name, rows, cols in plan:
        if cols is None:
            w.add_tensor_info(name, (rows,), np.dtype(np.float32), rows * 4)
        else:
            w.add_tensor_info(name, (rows, cols // 256 * 144), np.dtype(np.uint8), rows * cols // 256 * 144, q4k)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    for name, rows, cols in plan:
        if cols is not None:
            w.write_tensor_data(q4k_bytes(rng, rows, cols))
        elif name == "rope_freqs.weight":
            w.write_tensor_data(np.linspace(1.0, 8.0, rows).astype(np.float32))
        else:
            w.write_tensor_data(np.ones(rows, dtype=np.float32))
    w.close()


if __name__ == "__main__":
    main()
