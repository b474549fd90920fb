"""The numpy reference: the same multi-head attention forward pass as AttentionCore, float32.

Run as: python3 reference_attention.py N D H REPS   -> one JSON line with the median time.
Also importable: `forward(x, wq, wk, wv, wo, heads)` returns every intermediate.
"""
import json
import resource
import sys
import time

import numpy as np


def forward(x, wq, wk, wv, wo, heads, causal=False, padding=0):
    n, d = x.shape
    dk = d // heads
    q = x @ wq
    k = x @ wk
    v = x @ wv
    scale = np.float32(1.0 / np.sqrt(dk))
    concat = np.empty((n, d), dtype=np.float32)
    all_scores, all_weights = [], []
    mask = np.zeros((n, n), dtype=bool)
    if causal:
        mask |= np.triu(np.ones((n, n), dtype=bool), 1)
    p = max(0, min(padding, n - 1))
    if p:
        mask[:, n - p:] = True
    for h in range(heads):
        cols = slice(h * dk, (h + 1) * dk)
        s = (q[:, cols] @ k[:, cols].T) * scale
        all_scores.append(s)
        z = np.where(mask, -np.inf, s) if (causal or p) else s
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        w = e / e.sum(axis=1, keepdims=True)
        all_weights.append(w)
        concat[:, cols] = w @ v[:, cols]
    output = concat @ wo
    average = np.mean(all_weights, axis=0)
    return dict(Q=q, K=k, V=v, scores=all_scores, weights=all_weights, concat=concat, output=output, average=average)


def main():
    n, d, heads, reps = (int(a) for a in sys.argv[1:5])
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (n, d)).astype(np.float32)
    s = np.float32(1 / np.sqrt(d))
    ws = [(rng.uniform(-1, 1, (d, d)) * s).astype(np.float32) for _ in range(4)]
    forward(x, *ws, heads)  # warm-up, like the Swift side
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        forward(x, *ws, heads)
        times.append(time.perf_counter() - t0)
    times.sort()
    med = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(dict(kind="numpy", n=n, d=d, heads=heads, reps=reps, median_s=med, min_s=times[0], max_rss=rss)))


if __name__ == "__main__":
    main()
