"""A reference for AttnViz's GGUF decoder: numpy forward and Hugging Face's tokenizers.

usage:
  reference_llama.py tokenize F.gguf      stdin: JSON list of strings; stdout: their ids
  reference_llama.py forward F.gguf N     stdin: JSON {"ids": [...]}; stdout: every attention
                                          map, the top 10 next tokens, and N greedy tokens
  reference_llama.py head-scores           stdin: `attnviz dump` JSON; stdout: every head's
                                          induction and previous-token scores, by numpy
  reference_llama.py tokenize-transformers F.gguf
                                          stdin: JSON list of strings; stdout: the ids transformers'
                                          tokenizer gives them, read from the GGUF itself
  reference_llama.py transformers F.gguf N    (stdin may add "ablate": [[layer, head], ...], 0-based,
                                                and "ablate_mode": "mean" for the causal mean:
                                          those heads' outputs zeroed before the output projection)
  reference_llama.py transformers F.gguf N
                                          the same as forward, computed by Hugging Face
                                          transformers + CPU torch loading the GGUF itself
                                          (eager attention, float32): a second opinion
  reference_llama.py tiny OUT.gguf [KEY=VALUE ...]
                                          writes a small random llama GGUF (odd sizes, untied
                                          output, Q4_1 / Q8_0 / F16 / F32 tensors, a byte-level vocab);
                                          arch=, pre=, drop=TENSOR, tied=1 make the variants the
                                          tests refuse or accept; arch=gemma3 / qwen3 add their norms,
                                          arch=phi3 fuses q/k/v and gate/up, longrope=1 adds its factors;
                                          meta={"KEY": VALUE, ...} sets any metadata (the fuzz tests)

The forward is written from the Llama architecture (RMSNorm, RoPE on the file's adjacent-pair
order, grouped-query causal attention, SwiGLU), float32 activations, every weight as
gguf.quants.dequantize expands it. The tokenizer is the `tokenizers` package's byte-level BPE
built from the file's vocabulary and merges with the pre-tokenizer its `tokenizer.ggml.pre`
family uses (smollm: Digits(individual) then ByteLevel, as SmolLM2's tokenizer.json has it).
"""
import json
import sys

import numpy as np
import gguf
from gguf import quants


def field(r, key):
    f = r.fields.get(key)
    return None if f is None else f.contents()


LLAMA3 = (r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
          r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def tokenizer(path):
    from tokenizers import Tokenizer, AddedToken, Regex, models, pre_tokenizers, decoders
    r = gguf.GGUFReader(path)
    tokens = field(r, "tokenizer.ggml.tokens")
    merges = field(r, "tokenizer.ggml.merges") or []
    types = field(r, "tokenizer.ggml.token_type") or [1] * len(tokens)
    vocab = {}
    for i, t in enumerate(tokens):
        vocab.setdefault(t, i)
    pre = field(r, "tokenizer.ggml.pre")
    # Llama 3's tokenizer.json says ignore_merges: a word that is a piece stays whole.
    bpe = models.BPE(vocab=vocab, merges=[tuple(m.split(" ")) for m in merges], ignore_merges=pre == "llama-bpe")
    tok = Tokenizer(bpe)
    level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    if pre == "smollm":
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), level])
    elif pre in ("llama-bpe", "qwen2"):
        # As transformers writes Llama 3's and Qwen 2's tokenizer.json: the Split, then bytes.
        pattern = LLAMA3 if pre == "llama-bpe" else LLAMA3.replace(r"\p{N}{1,3}", r"\p{N}")
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    else:
        tok.pre_tokenizer = level
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False)
                            for i, t in enumerate(types) if t in (3, 4)])
    return tok


def weights(path):
    r = gguf.GGUFReader(path)
    w = {}
    for t in r.tensors:
        a = quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        w[t.name] = a.reshape([int(x) for x in reversed(t.shape)])
    c = {k: field(r, "llama." + k) for k in ["block_count", "embedding_length", "attention.head_count",
                                              "attention.head_count_kv", "rope.freq_base",
                                              "attention.layer_norm_rms_epsilon"]}
    return w, c


def rms(x, g, eps):
    return (x / np.sqrt((x * x).mean(-1, keepdims=True) + np.float32(eps))).astype(np.float32) * g


def rope(x, heads, hs, base, factors=None):
    n = x.shape[0]
    x = x.reshape(n, heads, hs // 2, 2)
    inv = 1.0 / (base ** (np.arange(0, hs, 2, dtype=np.float64) / hs))
    if factors is not None:
        # Llama 3.1's rope_freqs: llama.cpp divides each pair's angle by its factor.
        inv = inv / factors.astype(np.float64)
    ang = np.arange(n, dtype=np.float64)[:, None] * inv[None, :]
    c = np.cos(ang).astype(np.float32)[:, None, :]
    s = np.sin(ang).astype(np.float32)[:, None, :]
    x0, x1 = x[..., 0], x[..., 1]
    return np.stack([x0 * c - x1 * s, x0 * s + x1 * c], -1).reshape(n, heads * hs)


def forward(w, c, ids):
    layers, d = c["block_count"], c["embedding_length"]
    heads, kv = c["attention.head_count"], c["attention.head_count_kv"] or c["attention.head_count"]
    hs, eps, base = d // heads, c["attention.layer_norm_rms_epsilon"], c["rope.freq_base"] or 10000.0
    n = len(ids)
    x = w["token_embd.weight"][ids].astype(np.float32)
    mask = np.triu(np.ones((n, n), dtype=bool), 1)
    maps = []
    for l in range(layers):
        p = f"blk.{l}."
        h = rms(x, w[p + "attn_norm.weight"], eps)
        q = rope(h @ w[p + "attn_q.weight"].T, heads, hs, base, w.get("rope_freqs.weight"))
        k = rope(h @ w[p + "attn_k.weight"].T, kv, hs, base, w.get("rope_freqs.weight"))
        v = h @ w[p + "attn_v.weight"].T
        out = np.zeros((n, d), dtype=np.float32)
        layer = []
        for hq in range(heads):
            g = hq // (heads // kv)
            s = (q[:, hq * hs:(hq + 1) * hs] @ k[:, g * hs:(g + 1) * hs].T) / np.float32(np.sqrt(hs))
            s = np.where(mask, -np.inf, s)
            e = np.exp(s - s.max(-1, keepdims=True))
            a = (e / e.sum(-1, keepdims=True)).astype(np.float32)
            layer.append(a)
            out[:, hq * hs:(hq + 1) * hs] = a @ v[:, g * hs:(g + 1) * hs]
        maps.append(layer)
        x = x + out @ w[p + "attn_output.weight"].T
        h2 = rms(x, w[p + "ffn_norm.weight"], eps)
        gate = h2 @ w[p + "ffn_gate.weight"].T
        up = h2 @ w[p + "ffn_up.weight"].T
        x = x + ((gate / (1 + np.exp(-gate))) * up).astype(np.float32) @ w[p + "ffn_down.weight"].T
    out_w = w.get("output.weight", w["token_embd.weight"])
    logits = rms(x[-1:], w["output_norm.weight"], eps) @ out_w.T
    return maps, logits[0].astype(np.float64)


def top10(logits):
    order = sorted(range(len(logits)), key=lambda i: (-logits[i], i))[:10]
    p = np.exp(logits - logits.max())
    p /= p.sum()
    return [[i, float(logits[i]), float(p[i])] for i in order]


def gpt2_byte_chars():
    """GPT-2's byte-level alphabet: byte b as the character its vocabulary writes it with."""
    direct = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    out, nxt = [], 0x100
    for b in range(256):
        if b in direct:
            out.append(chr(b))
        else:
            out.append(chr(nxt))
            nxt += 1
    return out


def tiny(out, opts):
    rng = np.random.default_rng(20261202)
    d, heads, kv, layers, ffn = 96, int(opts.get("heads", 6)), int(opts.get("kv", 2)), 3, 160
    byte_chars = gpt2_byte_chars()
    merges = ["Ġ t", "h e", "Ġt he", "i n", "Ġ a", "e r", "Ġ Ġ", "ĠĠ ĠĠ", "o n", "Ġ c", "a t", "Ġc at"]
    tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + byte_chars
    for m in merges:
        tokens.append(m.replace(" ", ""))
    types = [3, 3, 3] + [1] * (len(tokens) - 3)
    scores = None
    if opts.get("tok") == "llama":
        # A SentencePiece vocabulary as Llama 2's: <unk>, <s>, </s>, the 256 byte pieces, then
        # pieces with falling scores (merged in that order); BOS added, no merges.
        pieces = ["\u2581", "\u2581t", "he", "\u2581the", "\u2581c", "at", "\u2581cat", "\u2581a", "in", "er", "on",
                  "\u2581s", "\u2581sat", "\u2581\u2581", "\u2581o", "\u2581on", "\u2581m", "\u2581mat"]
        tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + pieces
        types = [2, 3, 3] + [6] * 256 + [1] * len(pieces)
        scores = [0.0, 0.0, 0.0] + [0.0] * 256 + [-float(i) for i in range(len(pieces))]
    w = gguf.GGUFWriter(out, opts.get("arch", "llama"))
    if "merge" in opts:
        merges = merges + [opts["merge"]]
    w.add_block_count(int(opts.get("blocks", layers)))
    w.add_context_length(512)
    w.add_embedding_length(d)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv)
    w.add_rope_freq_base(5000.0)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_dimension_count(int(opts.get("ropedim", d // heads)))
    if "align" in opts:
        w.add_string("general.alignment", opts["align"])
    w.add_tokenizer_model(opts.get("tok", "gpt2"))
    w.add_token_list(tokens)
    w.add_token_types(types)
    if scores is None:
        w.add_tokenizer_pre(opts.get("pre", "gpt2"))
        w.add_token_merges(merges)
        w.add_add_bos_token(False)
    else:
        w.add_token_scores(scores)
        w.add_bos_token_id(1)
        w.add_unk_token_id(0)
    w.add_eos_token_id(2)
    for key, value in json.loads(opts.get("meta", "{}")).items():
        # Metadata of any type and value, for the fuzz tests: "nan" and "inf" strings become floats.
        if isinstance(value, str) and value in ("nan", "inf", "-inf"):
            value = float(value)
        if isinstance(value, bool):
            w.add_bool(key, value)
        elif isinstance(value, int):
            w.add_int64(key, value) if abs(value) >= 2 ** 31 else w.add_int32(key, value)
        elif isinstance(value, float):
            w.add_float32(key, value)
        elif isinstance(value, list):
            w.add_array(key, value)
        else:
            w.add_string(key, str(value))
    w.add_chat_template("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}")
    V = len(tokens)
    kinds = [gguf.GGMLQuantizationType.Q4_1, gguf.GGMLQuantizationType.Q8_0, gguf.GGMLQuantizationType.F16]

    def mat(name, rows, cols, k):
        if name == opts.get("drop"):
            return
        a = (rng.standard_normal((rows, cols)) * 0.15).astype(np.float32)
        qt = kinds[k % 3]
        q = quants.quantize(a, qt)
        if name == opts.get("nan"):
            # One NaN in row 5: a value of a float16 tensor, or the first block's float16 scale.
            if qt == gguf.GGMLQuantizationType.F16:
                q[5, 3] = np.nan
            else:
                q[5, 0:2] = [0x00, 0x7E]
        w.add_tensor(name, q, raw_shape=quants.quant_shape_to_byte_shape((rows, cols), qt)
                     if qt != gguf.GGMLQuantizationType.F16 else None, raw_dtype=qt)

    if opts.get("vocab_only") == "1":
        # As llama.cpp's ggml-vocab-*.gguf test files: the tokenizer, no tensors.
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.close()
        return
    mat("token_embd.weight", V, d, 1)
    w.add_tensor("output_norm.weight", (1 + 0.1 * rng.standard_normal(d)).astype(np.float32))
    if opts.get("ropefreqs") == "1":
        # Llama 3.1's per-frequency RoPE factors.
        w.add_tensor("rope_freqs.weight", np.linspace(1.0, 8.0, d // heads // 2).astype(np.float32))
    if opts.get("longrope") == "1":
        # Phi-3 128k's LongRoPE factors, as llama.cpp's converter writes them.
        w.add_tensor("rope_factors_long.weight", np.linspace(1.0, 16.0, d // heads // 2).astype(np.float32))
        w.add_tensor("rope_factors_short.weight", np.linspace(1.0, 2.0, d // heads // 2).astype(np.float32))
    if opts.get("tied") != "1":
        mat("output.weight", V, d, 0)
    k = 0
    for l in range(layers):
        p = f"blk.{l}."
        w.add_tensor(p + "attn_norm.weight", (1 + 0.1 * rng.standard_normal(d)).astype(np.float32))
        w.add_tensor(p + "ffn_norm.weight", (1 + 0.1 * rng.standard_normal(d)).astype(np.float32))
        if opts.get("arch") in ("gemma3", "qwen3"):
            # Per-head q/k norms (Qwen 3, Gemma 3), and Gemma's norms after each sublayer.
            extra = [("attn_q_norm", d // heads), ("attn_k_norm", d // heads)]
            if opts.get("arch") == "gemma3":
                extra += [("post_attention_norm", d), ("post_ffw_norm", d)]
            for name, size in extra:
                w.add_tensor(p + name + ".weight", (1 + 0.1 * rng.standard_normal(size)).astype(np.float32))
        shapes = [("attn_q", d, d), ("attn_k", kv * d // heads, d), ("attn_v", kv * d // heads, d),
                  ("attn_output", d, d), ("ffn_gate", ffn, d), ("ffn_up", ffn, d), ("ffn_down", d, ffn)]
        if opts.get("arch") == "phi3":
            # Phi-3's fused q/k/v and gate/up matrices.
            shapes = [("attn_qkv", d + 2 * kv * d // heads, d), ("attn_output", d, d), ("ffn_up", 2 * ffn, d),
                      ("ffn_down", d, ffn)]
        for name, rows, cols in shapes:
            mat(p + name + ".weight", rows, cols, k)
            k += 1
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def transformers_forward(path, ids, steps, ablate=(), mode="zero"):
    """transformers' own GGUF loader (it dequantizes with gguf.quants) and its Llama forward."""
    import os
    import torch
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as hf_logging
    hf_logging.disable_progress_bar()
    torch.set_num_threads(2)
    model = AutoModelForCausalLM.from_pretrained(
        os.path.dirname(os.path.abspath(path)), gguf_file=os.path.basename(path), attn_implementation="eager",
        dtype=torch.float32).eval()
    # A knock-out: the listed heads' outputs zeroed at the output projection's input.
    hs = model.config.hidden_size // model.config.num_attention_heads
    hs = getattr(model.config, "head_dim", None) or hs
    # Mean-ablation instead: each position gets the head's mean output over the positions so
    # far (causal, as AttnViz keeps it so the key/value cache stays valid).
    for layer, head in ablate:
        def zero(module, args, head=head):
            x = args[0].clone()
            cols = slice(head * hs, (head + 1) * hs)
            if mode == "mean":
                n = x.shape[1]
                counts = torch.arange(1, n + 1, dtype=x.dtype).view(1, n, 1)
                x[..., cols] = torch.cumsum(args[0][..., cols], dim=1) / counts
            else:
                x[..., cols] = 0
            return (x,) + tuple(args[1:])
        model.model.layers[layer].self_attn.o_proj.register_forward_pre_hook(zero)
    with torch.no_grad():
        out = model(torch.tensor([ids]), output_attentions=True)
        logits = out.logits[0, -1].double().numpy()
        result = {"attentions": [a[0].tolist() for a in out.attentions], "top": top10(logits)}
        seq = list(ids)
        greedy = []
        for _ in range(steps):
            nxt = int(max(range(len(logits)), key=lambda i: (logits[i], -i)))
            greedy.append(nxt)
            seq.append(nxt)
            logits = model(torch.tensor([seq])).logits[0, -1].double().numpy()
        result["greedy"] = greedy
    return result


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "tokenize":
        tok = tokenizer(path)
        print(json.dumps([tok.encode(s, add_special_tokens=False).ids for s in json.load(sys.stdin)]))
    elif cmd == "head-scores":
        # From `attnviz dump`'s maps and ids (stdin), with numpy: each head's induction score (the
        # mean weight from a token that came before to the token after its last earlier
        # occurrence) and previous-token score (the mean weight to the token before).
        d = json.load(sys.stdin)
        ids = d["token_ids"]
        last, targets = {}, []
        for i, t in enumerate(ids):
            if t in last and last[t] + 1 < i:
                targets.append((i, last[t] + 1))
            last[t] = i
        q = np.array([t[0] for t in targets], dtype=int)
        k = np.array([t[1] for t in targets], dtype=int)
        rows = np.arange(1, len(ids))
        ind, prev = [], []
        for layer in d["attentions"]:
            a = np.array(layer, dtype=np.float64)
            ind.append((a[:, q, k].mean(axis=1) if len(q) else np.zeros(a.shape[0])).tolist())
            prev.append(a[:, rows, rows - 1].mean(axis=1).tolist())
        print(json.dumps({"induction": ind, "previous_token": prev, "repeated_rows": len(targets)}))
    elif cmd == "tokenize-transformers":
        # transformers' own reading of the file's vocabulary (its GGUF converters), BOS as it adds it.
        import os
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging
        hf_logging.set_verbosity_error()
        tok = AutoTokenizer.from_pretrained(os.path.dirname(os.path.abspath(path)), gguf_file=os.path.basename(path))
        print(json.dumps([tok(s)["input_ids"] for s in json.load(sys.stdin)]))
    elif cmd == "forward":
        steps = int(sys.argv[3])
        ids = json.load(sys.stdin)["ids"]
        w, c = weights(path)
        maps, logits = forward(w, c, ids)
        result = {"attentions": [[a.tolist() for a in layer] for layer in maps], "top": top10(logits)}
        greedy = []
        seq = list(ids)
        for _ in range(steps):
            nxt = int(max(range(len(logits)), key=lambda i: (logits[i], -i)))
            greedy.append(nxt)
            seq.append(nxt)
            _, logits = forward(w, c, seq)
        result["greedy"] = greedy
        print(json.dumps(result))
    elif cmd == "transformers":
        job = json.load(sys.stdin)
        print(json.dumps(transformers_forward(
            path, job["ids"], int(sys.argv[3]), job.get("ablate", []), job.get("ablate_mode", "zero"))))
    elif cmd == "tiny":
        tiny(path, dict(a.split("=", 1) for a in sys.argv[3:]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
