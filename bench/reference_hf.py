#!/usr/bin/env python3
"""Hugging Face references for the tests: tokenizers trained here, random-weight transformers.

  reference_hf.py tokenizer KIND DIR   trains a small tokenizer of KIND with the `tokenizers`
                                       package and writes DIR/tokenizer.json
  reference_hf.py encode DIR           reads a JSON list of texts on stdin; prints, for each,
                                       the ids, tokens and type ids `tokenizers` gives
  reference_hf.py model ARCH DIR       builds a random-weight transformers model of ARCH with odd
                                       sizes, saves it (safetensors) with a tokenizer beside it,
                                       runs the texts on stdin with output_attentions=True and
                                       prints ids, every attention, the last hidden state and,
                                       for a decoder, the logits
Nothing is downloaded: tokenizers are trained from the corpus below, models built from configs.
"""
import json
import os
import sys

CORPUS = [
    "the cat sat on the mat because it was tired",
    "The animal didn't cross the street; it was too wide.",
    "Café déjà vu: naïve résumé, Ünder ÅNGSTRÖM",
    "猫が好きです。我喜欢猫 고양이",
    "emoji 👩‍💻 and 🇫🇷 flags, 1234567 numbers 3.14159",
    "def f(x):\n    return x  +  1\n\n\tindent",
    "hello world, hello there! what's up? I'm fine, you're ok, we'll see",
    "unbelievable unbelievably playing played plays",
]


def train(kind, folder):
    from tokenizers import (Tokenizer, decoders, models, normalizers, pre_tokenizers, processors,
                            trainers, Regex)
    specials = {
        "bert": ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"],
        "roberta": ["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
    }
    if kind in ("bert", "bert-cased", "whitespace"):
        tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
        if kind == "whitespace":
            tok.normalizer = normalizers.Sequence(
                [normalizers.NFD(), normalizers.StripAccents(), normalizers.Lowercase()])
            tok.pre_tokenizer = pre_tokenizers.Sequence(
                [pre_tokenizers.Whitespace(), pre_tokenizers.Digits(individual_digits=True)])
        else:
            cased = kind == "bert-cased"
            tok.normalizer = normalizers.BertNormalizer(lowercase=not cased, strip_accents=False if cased else None)
            tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        trainer = trainers.WordPieceTrainer(vocab_size=300, show_progress=False, special_tokens=specials["bert"])
        tok.train_from_iterator(CORPUS, trainer)
        cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
        if kind == "whitespace":
            tok.post_processor = processors.BertProcessing(("[SEP]", sep), ("[CLS]", cls))
        else:
            tok.post_processor = processors.TemplateProcessing(
                single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
        tok.decoder = decoders.WordPiece()
    elif kind in ("roberta", "gpt2", "split"):
        tok = Tokenizer(models.BPE())
        if kind == "split":
            tok.pre_tokenizer = pre_tokenizers.Sequence([
                pre_tokenizers.Split(Regex(r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                                           r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"),
                                     behavior="isolated"),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
        else:
            tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=kind == "roberta")
        sp = specials["roberta"] if kind == "roberta" else ["<|endoftext|>"]
        trainer = trainers.BpeTrainer(vocab_size=400, show_progress=False, special_tokens=sp,
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
        tok.train_from_iterator(CORPUS, trainer)
        if kind == "roberta":
            tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
            os.makedirs(folder, exist_ok=True)
            tok.model.save(folder)  # vocab.json + merges.txt, as older GPT-2/RoBERTa folders ship
        else:
            tok.post_processor = processors.ByteLevel(trim_offsets=False)
        tok.decoder = decoders.ByteLevel()
    elif kind == "unigram":
        tok = Tokenizer(models.Unigram())
        tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
        tok.pre_tokenizer = pre_tokenizers.Metaspace()
        trainer = trainers.UnigramTrainer(vocab_size=200, show_progress=False, special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
                                          unk_token="<unk>")
        tok.train_from_iterator(CORPUS, trainer)
        tok.post_processor = processors.TemplateProcessing(
            single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
        tok.decoder = decoders.Metaspace()
    elif kind == "llama":
        tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
        tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
        trainer = trainers.BpeTrainer(vocab_size=520, show_progress=False, special_tokens=["<unk>", "<s>", "</s>"]
                                      + [f"<0x{b:02X}>" for b in range(256)])
        tok.train_from_iterator([t.replace(" ", "▁") for t in CORPUS], trainer)
        tok.post_processor = processors.TemplateProcessing(
            single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 1)])
        tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()])
    else:
        raise SystemExit(f"unknown tokenizer kind {kind}")
    os.makedirs(folder, exist_ok=True)
    tok.save(os.path.join(folder, "tokenizer.json"))
    return tok


def encode(folder, texts):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    out = []
    for t in texts:
        pair = t.split(" ||| ", 1)
        e = tok.encode(pair[0], pair[1]) if len(pair) == 2 else tok.encode(t)
        out.append({"ids": e.ids, "tokens": e.tokens, "types": e.type_ids})
    return out


def find_all(patterns, texts):
    """Each pattern's non-empty matches in each text, as [start, end] code point offsets, found
    by tokenizers' own regex engine (Oniguruma): a Split that keeps the matches alone."""
    from tokenizers import Regex, pre_tokenizers
    out = []
    for p in patterns:
        split = pre_tokenizers.Split(Regex(p), behavior="removed", invert=True)
        out.append([[list(span) for _, span in split.pre_tokenize_str(t) if span[1] > span[0]] for t in texts])
    return out


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "tokenizer":
        train(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "encode":
        print(json.dumps(encode(sys.argv[2], json.load(sys.stdin)), ensure_ascii=False))
    elif len(sys.argv) == 2 and sys.argv[1] == "findall":
        job = json.load(sys.stdin)
        print(json.dumps(find_all(job["patterns"], job["texts"])))
    else:
        raise SystemExit(__doc__)
