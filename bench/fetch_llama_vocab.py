"""llama.cpp's tokenizer test vocabularies, for make test.

llama.cpp ships vocabulary-only GGUF files with test inputs and the ids llama.cpp gives them
(vendor/llama.cpp/models/ggml-vocab-NAME.gguf, .inp, .out) in llama-cpp-python's source
distribution. This finds that sdist on the package index pip uses (PEP 691 JSON), checks its
SHA-256 against the index, and extracts only those files. Nothing is built.

usage: fetch_llama_vocab.py VERSION DEST
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


def main():
    version, dest = sys.argv[1], sys.argv[2]
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
        os.makedirs(staging, exist_ok=True)
        count = 0
        with tarfile.open(path) as tar:
            for m in tar.getmembers():
                base = os.path.basename(m.name)
                if m.isfile() and "/vendor/llama.cpp/models/" in m.name and base.startswith("ggml-vocab-"):
                    with tar.extractfile(m) as src, open(os.path.join(staging, base), "wb") as out:
                        out.write(src.read())
                    count += 1
        if count == 0:
            sys.exit(f"fetch_llama_vocab: {name} holds no ggml-vocab-* files")
        os.replace(staging, dest)
        print(f"llama.cpp vocabularies: {count} files from {name} in {dest}")


if __name__ == "__main__":
    main()
