#!/usr/bin/env python3
"""What a BertViz user runs, timed: transformers + CPU torch, eager attention,
output_attentions=True, 2 threads; and the random-weight folders the benchmark times it on.

usage:
  reference_encoder_speed.py build KIND DIR     a random-weight Hugging Face folder of KIND:
                                                gpt2-small (12 x 768, 12 heads, GPT-2's shape) or
                                                mpnet-base (all-mpnet-base-v2's shape), with a
                                                small trained tokenizer beside it
  reference_encoder_speed.py torch DIR N REPS   one forward of N tokens, REPS times: min and median
Prints one JSON object. The token ids are the ones attnviz-bench uses (SplitMix64, seed 1), so
both sides run the same input; their values do not change the cost.
"""
import json
import os
import sys
import time

import reference_hf

THREADS = 2
MASK = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def encoder_ids(n):
    """ModelBench.encoding: [CLS]=101, n-2 ids 1000 + next % 1000, [SEP]=102."""
    state, out = 1, []
    for i in range(n):
        if i == 0 or i == n - 1:
            out.append(101 if i == 0 else 102)
        else:
            state, z = splitmix(state)
            out.append(1000 + z % 1000)
    return out


def decoder_ids(n):
    """DecoderBench.ids: 100 + next % 40000."""
    state, out = 1, []
    for _ in range(n):
        state, z = splitmix(state)
        out.append(100 + z % 40000)
    return out


def build(kind, folder):
    import torch
    import transformers
    torch.manual_seed(0)
    if kind == "gpt2-small":
        config = transformers.GPT2Config()
        model = transformers.GPT2LMHeadModel(config)
        reference_hf.train("gpt2", folder)
    elif kind == "mpnet-base":
        config = transformers.MPNetConfig(max_position_embeddings=514)  # all-mpnet-base-v2 reads 512 + 2
        model = transformers.MPNetModel(config)
        reference_hf.train("bert", folder)
    else:
        raise SystemExit(f"unknown kind {kind}")
    model.save_pretrained(folder)


def torch_forward(folder, n, reps):
    import torch
    from transformers import AutoConfig, AutoModel, AutoModelForCausalLM
    torch.set_num_threads(THREADS)
    config = AutoConfig.from_pretrained(folder)
    decoder = config.model_type in ("gpt2", "llama")
    cls = AutoModelForCausalLM if decoder else AutoModel
    model = cls.from_pretrained(folder, attn_implementation="eager", dtype=torch.float32).eval()
    return timed(model, decoder_ids(n) if decoder else encoder_ids(n), reps)


def timed(model, ids, reps):
    """REPS forwards with output_attentions=True after one warm-up: min and median."""
    import torch
    x = torch.tensor([ids])
    times = []
    with torch.inference_mode():
        for _ in range(reps + 1):
            t = time.perf_counter()
            out = model(x, output_attentions=True)
            times.append(time.perf_counter() - t)
            assert len(out.attentions) == model.config.num_hidden_layers
    times = sorted(times[1:])
    return {"kind": "torch", "n": len(ids), "median_s": times[len(times) // 2], "min_s": times[0]}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "torch":
        print(json.dumps(torch_forward(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        raise SystemExit(__doc__)
