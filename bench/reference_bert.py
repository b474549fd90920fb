"""A numpy float32 BERT encoder, independent of AttnViz: the reference for tests and `make bench`.

It reads a Hugging Face folder's config.json and model.safetensors with numpy alone (the
safetensors layout is an 8-byte header length, a JSON header, then raw little-endian data), and
runs the same forward as the BERT paper's encoder: embeddings + LayerNorm, then per layer
Q/K/V, softmax(QK^T/sqrt(d_k)), output projection + residual + LayerNorm, exact-erf GELU FFN +
residual + LayerNorm.

usage:
  reference_bert.py forward DIR --ids 101,2023,102 [--types 0,0,0]     -> JSON attentions + hidden
  reference_bert.py bench DIR --n 16 --reps 50                          -> JSON median ms, peak RSS
"""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

import numpy as np

try:
    from scipy.special import erf as _erf  # vectorized, the fastest erf numpy users have

    def erf(x):
        return _erf(x).astype(np.float32)
except ImportError:  # pragma: no cover - the test machines have scipy, but stay correct without it
    _verf = np.vectorize(math.erf, otypes=[np.float64])

    def erf(x):
        return _verf(x).astype(np.float32)


DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "F64": np.float64}


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        buf = raw[base + b : base + end]
        if e["dtype"] == "BF16":
            u = np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16
            arr = u.view(np.float32)
        elif e["dtype"] in DTYPES:
            arr = np.frombuffer(buf, dtype=np.dtype(DTYPES[e["dtype"]]).newbyteorder("<")).astype(np.float32)
        else:
            continue
        out[name] = arr.reshape(e["shape"])
    return out


class Bert:
    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            self.cfg = json.load(f)
        t = load_safetensors(os.path.join(folder, "model.safetensors"))
        p = "bert." if "bert.embeddings.word_embeddings.weight" in t else ""

        def g(name):
            return np.ascontiguousarray(t[p + name], dtype=np.float32)

        self.word = g("embeddings.word_embeddings.weight")
        self.pos = g("embeddings.position_embeddings.weight")
        self.typ = g("embeddings.token_type_embeddings.weight")
        self.eln = (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        self.layers = []
        for l in range(self.cfg["num_hidden_layers"]):
            q = f"encoder.layer.{l}."
            # Weights pre-transposed once (in x out), as a careful numpy user would.
            lin = lambda n: (np.ascontiguousarray(g(q + n + ".weight").T), g(q + n + ".bias"))
            self.layers.append(
                dict(
                    q=lin("attention.self.query"), k=lin("attention.self.key"), v=lin("attention.self.value"),
                    o=lin("attention.output.dense"),
                    ln1=(g(q + "attention.output.LayerNorm.weight"), g(q + "attention.output.LayerNorm.bias")),
                    i=lin("intermediate.dense"), out=lin("output.dense"),
                    ln2=(g(q + "output.LayerNorm.weight"), g(q + "output.LayerNorm.bias")),
                )
            )
        self.eps = np.float32(self.cfg.get("layer_norm_eps", 1e-12))
        self.heads = self.cfg["num_attention_heads"]

    def ln(self, x, w):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + self.eps) * w[0] + w[1]

    def forward(self, ids, types):
        n = len(ids)
        x = self.word[ids] + self.pos[:n] + self.typ[types]
        x = self.ln(x, self.eln)
        h = x.shape[1]
        dk = h // self.heads
        atts = []
        for L in self.layers:
            q = x @ L["q"][0] + L["q"][1]
            k = x @ L["k"][0] + L["k"][1]
            v = x @ L["v"][0] + L["v"][1]
            qh = q.reshape(n, self.heads, dk).transpose(1, 0, 2)
            kh = k.reshape(n, self.heads, dk).transpose(1, 0, 2)
            vh = v.reshape(n, self.heads, dk).transpose(1, 0, 2)
            s = qh @ kh.transpose(0, 2, 1) / np.float32(math.sqrt(dk))
            s = s - s.max(-1, keepdims=True)
            e = np.exp(s)
            w = e / e.sum(-1, keepdims=True)
            atts.append(w)
            ctx = (w @ vh).transpose(1, 0, 2).reshape(n, h)
            a = ctx @ L["o"][0] + L["o"][1]
            h1 = self.ln(a + x, L["ln1"])
            i = h1 @ L["i"][0] + L["i"][1]
            i = i * np.float32(0.5) * (np.float32(1) + erf(i * np.float32(1 / math.sqrt(2))))
            o = i @ L["out"][0] + L["out"][1]
            x = self.ln(o + h1, L["ln2"])
        return atts, x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["forward", "bench"])
    ap.add_argument("folder")
    ap.add_argument("--ids")
    ap.add_argument("--types")
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--reps", type=int, default=30)
    a = ap.parse_args()
    model = Bert(a.folder)
    if a.what == "forward":
        ids = [int(v) for v in a.ids.split(",")]
        types = [int(v) for v in a.types.split(",")] if a.types else [0] * len(ids)
        atts, hidden = model.forward(np.array(ids), np.array(types))
        json.dump({"attentions": [w.tolist() for w in atts], "hidden": hidden.tolist()}, sys.stdout)
        return
    rng = np.random.default_rng(1)
    ids = rng.integers(1000, 2000, size=a.n)
    ids[0], ids[-1] = 101, 102
    types = np.zeros(a.n, dtype=np.int64)
    model.forward(ids, types)
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        model.forward(ids, types)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"median_ms": times[len(times) // 2], "peak_rss_mb": rss}))


if __name__ == "__main__":
    main()
