"""llama.cpp's own converter (convert_hf_to_gguf.py, from the llama-cpp-python sdist that
`make llama-vocab` unpacks) run on a random-weight folder that reference_hf_models.py wrote.

The converter names a byte-level tokenizer's pre-tokenizer by hashing what it makes of a fixed
text; a tokenizer trained at test time is in no such table, so its name is given here ("gpt-2",
the pre-tokenizer reference_hf.py trains with). Gemma 1 and 2 are converted only with a
SentencePiece tokenizer.model; without one the byte-level tokenizer.json is written instead,
as the converter writes Gemma 3's. Everything else (tensor names, the norm shift, the Q/K order,
metadata) is the converter's own.

usage: convert_tiny.py CONVERTER_DIR HF_FOLDER OUT.gguf
"""
import os
import sys


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: convert_tiny.py CONVERTER_DIR HF_FOLDER OUT.gguf")
    tools, folder, out = sys.argv[1:]
    # The converter's own gguf-py first: it must match the converter, not the venv's gguf.
    sys.path[:0] = [os.path.join(tools, "gguf-py"), tools]
    import conversion.base as base
    base.TextModel.get_vocab_base_pre = lambda self, tokenizer: "gpt-2"
    spm = base.TextModel._set_vocab_sentencepiece

    def vocab(self, *args, **kwargs):
        if (self.dir_model / "tokenizer.model").is_file():
            return spm(self, *args, **kwargs)
        return self._set_vocab_gpt2()
    base.TextModel._set_vocab_sentencepiece = vocab
    sys.argv = ["convert_hf_to_gguf.py", folder, "--outfile", out, "--outtype", "f32"]
    # Warnings only: the caller reads stderr after stdout, and the converter's INFO lines are many.
    import logging
    basic = logging.basicConfig
    logging.basicConfig = lambda **kw: basic(**{**kw, "level": logging.WARNING})
    import convert_hf_to_gguf
    convert_hf_to_gguf.main()


if __name__ == "__main__":
    main()
