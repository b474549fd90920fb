# AttnViz. `make run` and `make test` work on a fresh Debian machine with the Swift toolchain:
# each installs the system packages it is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# CSDL2 reads its flags from our own .pc file (see Sources/CSDL2/pkgconfig/attnviz-sdl2.pc).
export PKG_CONFIG_PATH := $(CURDIR)/Sources/CSDL2/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

# The release build uses AVX2 + FMA when the machine that builds it has them (target CPU
# "haswell", the x86-64-v3 feature set; clang inside swiftc does not accept the v3 name): the
# attention kernels are compute-bound and FMA doubles their peak. The binary runs where it was
# built; a machine without them gets a baseline build. Results are bit-identical either way,
# since the kernels use explicit fused multiply-adds (hardware or libm's fmaf).
CPU_FLAGS := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null && echo "-Xswiftc -target-cpu -Xswiftc haswell")
SWIFT_FLAGS := -c release $(CPU_FLAGS) -Xswiftc -enable-testing
BIN := .build/release/attnviz

RUN_PACKAGES := libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core pkg-config
BENCH_PACKAGES := xvfb python3 python3-numpy

.PHONY: deps deps-bench build run test bench clean

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

deps-bench: deps
	$(call apt_install,$(BENCH_PACKAGES))

build: deps
	swift build $(SWIFT_FLAGS) --product attnviz

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset); rendering a headless frame instead"; \
		$(BIN) render --out attnviz-demo.bmp && echo "wrote $(CURDIR)/attnviz-demo.bmp"; \
	else \
		$(BIN); \
	fi

test: deps
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build

bench: deps-bench
	swift build $(SWIFT_FLAGS) --product attnviz-bench
	swift build $(SWIFT_FLAGS) --product attnviz
	python3 bench/run_bench.py --swift-bench .build/release/attnviz-bench --attnviz $(BIN)

clean:
	rm -rf .build attnviz-demo.bmp artifacts
