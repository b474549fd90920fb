"""llama.cpp's tokenizer test vocabularies and its Hugging Face converter, for make test.

llama.cpp ships vocabulary-only GGUF files with test inputs and the ids llama.cpp gives them
(vendor/llama.cpp/models/ggml-vocab-NAME.gguf, .inp, .out) in llama-cpp-python's source
distribution, and convert_hf_to_gguf.py with the conversion/ and gguf-py/ it imports. This
finds that sdist on the package index pip uses (PEP 691 JSON), checks its SHA-256 against the
index, and extracts only those files. Nothing is built.

usage: fetch_llama_vocab.py VERSION VOCAB_DEST CONVERTER_DEST
"""
import hashlib
import json
import os
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request

PACKAGE = "llama-cpp-python"


def index_url():
    return os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/") + "/"


def sdist(version):
    page = urllib.parse.urljoin(index_url(), PACKAGE + "/")
    req = urllib.request.Request(page, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        files = json.load(r)["files"]
    name = f"llama_cpp_python-{version}.tar.gz"
    for f in files:
        if f["filename"] == name:
            return urllib.parse.urljoin(page, f["url"]), f["hashes"]["sha256"], name
    sys.exit(f"fetch_llama_vocab: {name} is not on {page}")


def converter_member(name):
    """The converter's path inside vendor/llama.cpp/, or None for any other member."""
    marker = "/vendor/llama.cpp/"
    if marker not in name:
        return None
    rest = name.split(marker, 1)[1]
    if rest == "convert_hf_to_gguf.py" or rest.startswith("conversion/") or rest.startswith("gguf-py/gguf/"):
        return rest
    return None


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: fetch_llama_vocab.py VERSION VOCAB_DEST CONVERTER_DEST")
    version, dest, converter = sys.argv[1:]
    url, sha, name = sdist(version)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        digest = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=300) as r, open(path, "wb") as out:
            while chunk := r.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha:
            sys.exit(f"fetch_llama_vocab: {name} has SHA-256 {digest.hexdigest()}, the index says {sha}")
        staging = dest + ".partial"
        tools = converter + ".partial"
        os.makedirs(staging, exist_ok=True)
        count = 0
        scripts = 0
        with tarfile.open(path) as tar:
            for m in tar.getmembers():
                base = os.path.basename(m.name)
                rest = converter_member(m.name) if m.isfile() else None
                if m.isfile() and "/vendor/llama.cpp/models/" in m.name and base.startswith("ggml-vocab-"):
                    with tar.extractfile(m) as src, open(os.path.join(staging, base), "wb") as out:
                        out.write(src.read())
                    count += 1
                elif rest is not None and ".." not in rest.split("/"):
                    target = os.path.join(tools, rest)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with tar.extractfile(m) as src, open(target, "wb") as out:
                        out.write(src.read())
                    scripts += 1
        if count == 0:
            sys.exit(f"fetch_llama_vocab: {name} holds no ggml-vocab-* files")
        if not os.path.isfile(os.path.join(tools, "convert_hf_to_gguf.py")):
            sys.exit(f"fetch_llama_vocab: {name} holds no convert_hf_to_gguf.py")
        os.replace(staging, dest)
        os.replace(tools, converter)
        print(f"llama.cpp vocabularies: {count} files from {name} in {dest}")
        print(f"llama.cpp's converter: {scripts} files in {converter}")


if __name__ == "__main__":
    main()
