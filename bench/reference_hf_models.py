"""Random-weight transformers models of odd sizes, saved as a Hugging Face folder and run with
output_attentions=True: the reference every architecture AttnViz reads is checked against.

Weights are drawn wider than transformers' own initialisation (std 0.02 makes every head
nearly uniform, which would hide a wrong score); everything is seeded, so a folder is the same
on every run.
"""
import json
import os

import reference_hf

# (tokenizer kind, config class name, model class name, config fields)
ENCODERS = {
    "bert": ("bert", "BertConfig", "BertModel", {}),
    "roberta": ("roberta", "RobertaConfig", "RobertaModel",
                {"type_vocab_size": 1, "pad_token_id": 1, "layer_norm_eps": 1e-5, "extra_positions": 2}),
    "xlm-roberta": ("unigram", "XLMRobertaConfig", "XLMRobertaModel",
                    {"type_vocab_size": 1, "pad_token_id": 1, "layer_norm_eps": 1e-5, "extra_positions": 2}),
    "electra": ("bert", "ElectraConfig", "ElectraModel", {"embedding_size": 20}),
    "distilbert": ("bert", "DistilBertConfig", "DistilBertModel", {}),
    "mpnet": ("bert", "MPNetConfig", "MPNetModel", {"extra_positions": 2}),
}


def config_for(arch, vocab_size):
    import transformers
    kind, config_name, model_name, extra = ENCODERS[arch]
    extra = dict(extra)
    positions = 64 + extra.pop("extra_positions", 0)
    if arch == "distilbert":
        fields = dict(vocab_size=vocab_size, dim=48, n_layers=5, n_heads=3, hidden_dim=100,
                      max_position_embeddings=positions, dropout=0.0, attention_dropout=0.0)
    else:
        fields = dict(vocab_size=vocab_size, hidden_size=48, num_hidden_layers=5, num_attention_heads=3,
                      intermediate_size=100, max_position_embeddings=positions, hidden_dropout_prob=0.0,
                      attention_probs_dropout_prob=0.0)
    fields.update(extra)
    config = getattr(transformers, config_name)(**fields)
    config._attn_implementation = "eager"  # sdpa returns no attention weights
    return config, getattr(transformers, model_name)


# Decoders: (tokenizer kind, config class, model class, fields). Odd sizes: GQA 3:1, rope_theta
# not the default, tied and untied outputs.
DECODERS = {
    "llama": ("llama", "LlamaConfig", "LlamaForCausalLM",
              dict(hidden_size=48, intermediate_size=112, num_hidden_layers=5, num_attention_heads=3,
                   num_key_value_heads=1, rope_theta=5000.0, max_position_embeddings=64, rms_norm_eps=1e-5,
                   tie_word_embeddings=False, bos_token_id=1, eos_token_id=2)),
    # The same with a byte-level tokenizer, for llama.cpp's converter (which permutes Q and K rows).
    "llama-bytes": ("gpt2", "LlamaConfig", "LlamaForCausalLM",
                    dict(hidden_size=48, intermediate_size=112, num_hidden_layers=5, num_attention_heads=3,
                         num_key_value_heads=1, rope_theta=5000.0, max_position_embeddings=64, rms_norm_eps=1e-5,
                         tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)),
    # Llama 3.1's RoPE scaling, with a short original context so that a head of 16 has pairs
    # below, between and beyond its two wavelengths.
    "llama3-scaled": ("gpt2", "LlamaConfig", "LlamaForCausalLM",
                      dict(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                           num_key_value_heads=2, max_position_embeddings=64, rms_norm_eps=1e-5,
                           rope_parameters={"rope_type": "llama3", "rope_theta": 5000.0, "factor": 8.0,
                                            "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                            "original_max_position_embeddings": 64},
                           tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)),
    # Mistral: llama with a sliding window over every layer (4 here, so that it bites).
    "mistral": ("gpt2", "MistralConfig", "MistralForCausalLM",
                dict(hidden_size=48, intermediate_size=80, num_hidden_layers=2, num_attention_heads=4,
                     num_key_value_heads=2, sliding_window=4, max_position_embeddings=64, rms_norm_eps=1e-5,
                     tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)),
    "llama-tied": ("llama", "LlamaConfig", "LlamaForCausalLM",
                   dict(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=4, max_position_embeddings=64, tie_word_embeddings=True,
                        bos_token_id=1, eos_token_id=2)),
    # Stored as BF16 (the dtype most Hugging Face decoders ship in), run by the reference in
    # float32 at exactly the BF16 values.
    "llama-bf16": ("llama", "LlamaConfig", "LlamaForCausalLM",
                   dict(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=2, max_position_embeddings=64, tie_word_embeddings=True,
                        bos_token_id=1, eos_token_id=2)),
    # An embedding table with more rows than the tokenizer has pieces, as real checkpoints pad it
    # to a multiple of 64: the model can pick an id that has no piece.
    "llama-padded": ("llama", "LlamaConfig", "LlamaForCausalLM",
                     dict(hidden_size=32, intermediate_size=48, num_hidden_layers=1, num_attention_heads=2,
                          num_key_value_heads=1, max_position_embeddings=64, tie_word_embeddings=False,
                          bos_token_id=1, eos_token_id=2)),
    # Qwen 2: q/k/v biases, rotate-half RoPE (llama.cpp's NEOX), a head size of 12.
    "qwen2": ("gpt2", "Qwen2Config", "Qwen2ForCausalLM",
              dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                   num_key_value_heads=2, rope_theta=20000.0, max_position_embeddings=64, rms_norm_eps=1e-6,
                   tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)),
    # Qwen 2 with use_sliding_window: a window of 4 on the layers from max_window_layers (1) on.
    "qwen2-window": ("gpt2", "Qwen2Config", "Qwen2ForCausalLM",
                     dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                          num_key_value_heads=2, use_sliding_window=True, sliding_window=4, max_window_layers=1,
                          max_position_embeddings=64, rms_norm_eps=1e-6, tie_word_embeddings=False,
                          bos_token_id=0, eos_token_id=0)),
    # Qwen 3: per-head RMSNorm of q and k, a head size (20) that is not hidden / heads.
    "qwen3": ("gpt2", "Qwen3Config", "Qwen3ForCausalLM",
              dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                   num_key_value_heads=2, head_dim=20, max_position_embeddings=64, rms_norm_eps=1e-6,
                   tie_word_embeddings=True, bos_token_id=0, eos_token_id=0)),
    # Gemma 3: √d embedding scale, (1 + w) norms around both sublayers, q/k norms, GeGLU, 4 query
    # heads over 1 key/value head of 16, a sliding window of 4 on layers 0-4 and a global layer 5
    # (Gemma 3's pattern of 6, which llama.cpp assumes when a GGUF does not list it), local and
    # global RoPE bases. query_pre_attn_scalar is the head size, as every Gemma 3 but 27B has it.
    "gemma3": ("gpt2", "Gemma3TextConfig", "Gemma3ForCausalLM",
               dict(hidden_size=48, intermediate_size=80, num_hidden_layers=6, num_attention_heads=4,
                    num_key_value_heads=1, head_dim=16, query_pre_attn_scalar=16, sliding_window=4,
                    rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                                     "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}},
                    max_position_embeddings=64, rms_norm_eps=1e-6, tie_word_embeddings=True,
                    bos_token_id=0, eos_token_id=0, pad_token_id=0)),
    # Phi-3: q, k and v in one fused matrix, gate and up in another, rotate-half RoPE.
    "phi3": ("gpt2", "Phi3Config", "Phi3ForCausalLM",
             dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                  num_key_value_heads=2, max_position_embeddings=64, original_max_position_embeddings=64,
                  rms_norm_eps=1e-5, sliding_window=None, tie_word_embeddings=False, bos_token_id=0,
                  eos_token_id=0, pad_token_id=0)),
    # Phi-3 128k's LongRoPE: per-pair short factors (the prompts stay under the original context of
    # 48, where transformers uses them) and the attention factor √(1 + ln 2 / ln 48) on cos and sin.
    "phi3-longrope": ("gpt2", "Phi3Config", "Phi3ForCausalLM",
                      dict(hidden_size=48, intermediate_size=80, num_hidden_layers=2, num_attention_heads=4,
                           num_key_value_heads=2, max_position_embeddings=96, original_max_position_embeddings=48,
                           rope_parameters={"rope_type": "longrope", "rope_theta": 10000.0,
                                            "original_max_position_embeddings": 48,
                                            "short_factor": [1.0, 1.3, 2.0, 3.5, 5.0, 8.0],
                                            "long_factor": [1.5, 2.0, 3.0, 5.0, 8.0, 13.0]},
                           rms_norm_eps=1e-5, sliding_window=None, tie_word_embeddings=False, bos_token_id=0,
                           eos_token_id=0, pad_token_id=0)),
    # Phi-4-mini's partial RoPE: the first half of each head of 12 turns (6 dimensions, 3 pairs),
    # the rest passes through.
    "phi3-partial": ("gpt2", "Phi3Config", "Phi3ForCausalLM",
                     dict(hidden_size=48, intermediate_size=80, num_hidden_layers=2, num_attention_heads=4,
                          num_key_value_heads=2, max_position_embeddings=64, original_max_position_embeddings=64,
                          partial_rotary_factor=0.5, rms_norm_eps=1e-5, sliding_window=None,
                          tie_word_embeddings=True, bos_token_id=0, eos_token_id=0, pad_token_id=0)),
    # Gemma 1: √d embedding, (1 + w) norms, GeGLU, multi-query attention, a head size of 16.
    "gemma": ("gpt2", "GemmaConfig", "GemmaForCausalLM",
              dict(hidden_size=48, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                   num_key_value_heads=1, head_dim=16, max_position_embeddings=64, rms_norm_eps=1e-6,
                   bos_token_id=0, eos_token_id=0, pad_token_id=0)),
    # Gemma 2: sandwich norms, soft-capped scores (5, low enough to bite) and logits, a window of 4
    # on every other layer from the first.
    "gemma2": ("gpt2", "Gemma2Config", "Gemma2ForCausalLM",
               dict(hidden_size=48, intermediate_size=80, num_hidden_layers=4, num_attention_heads=4,
                    num_key_value_heads=2, head_dim=16, query_pre_attn_scalar=16, sliding_window=4,
                    attn_logit_softcapping=5.0, final_logit_softcapping=3.0, max_position_embeddings=64,
                    rms_norm_eps=1e-6, bos_token_id=0, eos_token_id=0, pad_token_id=0)),
    "gpt2": ("gpt2", "GPT2Config", "GPT2LMHeadModel",
             dict(n_embd=48, n_layer=5, n_head=3, n_positions=64, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
                  bos_token_id=0, eos_token_id=0)),
}


def run_decoder(arch, folder, texts):
    import torch
    import transformers
    kind, config_name, model_name, fields = DECODERS[arch]
    tok = reference_hf.train(kind, folder)
    padding = 13 if arch.endswith("-padded") else 0
    config = getattr(transformers, config_name)(vocab_size=tok.get_vocab_size() + padding, **fields)
    config._attn_implementation = "eager"
    model = getattr(transformers, model_name)(config).eval()
    randomize(model)
    if config.tie_word_embeddings:
        model.tie_weights()
    if arch.endswith("-bf16"):
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.to(torch.bfloat16).float())
        # A copy is cast: casting the model itself would round its RoPE frequencies too.
        import copy
        copy.deepcopy(model).to(torch.bfloat16).save_pretrained(folder)
    else:
        model.save_pretrained(folder)
    # The tokenizer as trained, not the family's own class (which would add its special tokens):
    # what llama.cpp's converter loads through AutoTokenizer.
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        # Phi-3's converter takes the byte-level path only for a tokenizer named GPT2Tokenizer.
        json.dump({"tokenizer_class": "GPT2Tokenizer" if arch.startswith("phi3") else "PreTrainedTokenizerFast"}, f)
    out = []
    for text in texts:
        ids = tok.encode(text).ids
        x = torch.tensor([ids])
        with torch.no_grad():
            r = model(input_ids=x, output_attentions=True)
            greedy = model.generate(x, max_new_tokens=6, do_sample=False, min_new_tokens=6,
                                    attention_mask=torch.ones_like(x), pad_token_id=0)[0, len(ids):].tolist()
        out.append({"ids": ids, "attentions": [a[0].tolist() for a in r.attentions],
                    "logits": r.logits[0, -1].tolist(), "greedy": greedy})
    return out


def randomize(model):
    import torch
    torch.manual_seed(0)
    sharp = ("q_proj", "k_proj", "query", "key", "q_lin", "k_lin", "attn.q.", "attn.k.", "c_attn")
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                fan_in = p.shape[-1]
                # Queries and keys wider than the rest, so heads attend somewhere in particular.
                scale = 2.5 if any(s in name for s in sharp) else 1.2
                p.normal_(0, 1.0 if "_embeddings." in name else scale / fan_in ** 0.5)
            elif "norm" in name.lower() or "ln" in name.split("."):
                p.normal_(1.0 if name.endswith("weight") else 0.0, 0.1)
            else:
                p.normal_(0, 0.1)


def build_and_run(arch, folder, texts):
    import torch
    from transformers import PreTrainedTokenizerFast
    torch.set_num_threads(1)
    if arch in DECODERS:
        return run_decoder(arch, folder, texts)
    if arch not in ENCODERS:
        raise SystemExit(f"unknown architecture {arch}")
    tok = reference_hf.train(ENCODERS[arch][0], folder)
    config, model_class = config_for(arch, tok.get_vocab_size())
    model = model_class(config).eval()
    randomize(model)
    model.save_pretrained(folder)
    fast = PreTrainedTokenizerFast(tokenizer_file=os.path.join(folder, "tokenizer.json"))
    out = []
    for text in texts:
        pair = text.split(" ||| ", 1)
        ids = tok.encode(*pair).ids
        args = {"input_ids": torch.tensor([ids]), "output_attentions": True}
        if arch in ("bert", "electra") and len(pair) == 2:
            args["token_type_ids"] = torch.tensor([tok.encode(*pair).type_ids])
        with torch.no_grad():
            r = model(**args)
        out.append({
            "ids": ids,
            "fast_ids": fast(*pair)["input_ids"],
            "attentions": [a[0].tolist() for a in r.attentions],
            "hidden": r.last_hidden_state[0].tolist(),
        })
    return out


if __name__ == "__main__":
    import json
    import sys
    if len(sys.argv) != 3:
        raise SystemExit("usage: reference_hf_models.py ARCH FOLDER < texts.json   (a random model, what it computes)")
    print(json.dumps(build_and_run(sys.argv[1], sys.argv[2], json.load(sys.stdin))))
