"""The anchors AttnViz's decoder is timed against, each alone, on 2 threads.

usage:
  reference_decoder_speed.py llamacpp F.gguf prompt N REPS      llama.cpp's prompt evaluation
  reference_decoder_speed.py llamacpp F.gguf generate N STEPS REPS   its tokens/s after N
  reference_decoder_speed.py torch F.gguf N REPS                 transformers + torch, eager
                                                                 attention, output_attentions=True
Prints one JSON object. llama.cpp comes from the PyPI package llama-cpp-python (built from
source once, cached by `make bench`); transformers loads the GGUF itself (dequantized to float32).
Token ids are the same pseudo-random ones attnviz-bench uses (their values do not change the cost).
"""
import json
import os
import sys
import time

THREADS = 2


def ids(n):
    # SplitMix64 with seed 1, as attnviz-bench's DecoderBench.ids: 100 + next % 40000.
    state = 1
    out = []
    mask = (1 << 64) - 1
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        out.append(100 + z % 40000)
    return out


def llamacpp(path, mode, n, steps, reps):
    import numpy as np
    from llama_cpp import Llama
    t0 = time.perf_counter()
    llm = Llama(model_path=path, n_threads=THREADS, n_threads_batch=THREADS, n_ctx=1024, n_batch=512,
                verbose=False, logits_all=False)
    load_s = time.perf_counter() - t0
    prompt = ids(n)
    times = []
    for _ in range(reps + 1):
        llm.reset()
        t = time.perf_counter()
        llm.eval(prompt)
        elapsed = time.perf_counter() - t
        if mode == "generate":
            t = time.perf_counter()
            for _ in range(steps):
                nxt = int(np.argmax(llm.scores[llm.n_tokens - 1]))
                llm.eval([nxt])
            elapsed = time.perf_counter() - t
        times.append(elapsed)
    times = sorted(times[1:])
    import resource
    out = {"kind": "llamacpp-" + mode, "n": n, "median_s": times[len(times) // 2], "min_s": times[0],
           "load_s": load_s, "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    if mode == "generate":
        out["median_tps"] = steps / out["median_s"]
        out["max_tps"] = steps / out["min_s"]
    return out


def torch_forward(path, n, reps):
    import torch
    from transformers import AutoModelForCausalLM
    torch.set_num_threads(THREADS)
    model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                                 attn_implementation="eager", torch_dtype=torch.float32)
    model.eval()
    from reference_encoder_speed import timed
    return timed(model, ids(n), reps)


def main():
    which, path = sys.argv[1], sys.argv[2]
    if which == "llamacpp":
        mode = sys.argv[3]
        n = int(sys.argv[4])
        if mode == "generate":
            print(json.dumps(llamacpp(path, mode, n, int(sys.argv[5]), int(sys.argv[6]))))
        else:
            print(json.dumps(llamacpp(path, mode, n, 0, int(sys.argv[5]))))
    elif which == "torch":
        print(json.dumps(torch_forward(path, int(sys.argv[3]), int(sys.argv[4]))))
    else:
        sys.exit("unknown anchor " + which)


if __name__ == "__main__":
    main()
