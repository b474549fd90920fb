#!/usr/bin/env bash
# Renders each view of one input to BMP, headless, for slides or handouts.
# usage: assets/lecture-frames.sh [INPUT_FILE] [OUT_DIR]   (after `make build`)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$here/.build/release/attnviz"
input="${1:-$here/assets/samples/coreference.txt}"
out="${2:-$here/lecture-frames}"
[ -x "$bin" ] || { echo "lecture-frames: build first with 'make build'" >&2; exit 1; }
mkdir -p "$out"
for view in heatmaps arcs inspector explain; do
    "$bin" render --input-file "$input" --view "$view" --size 1920x1080 --theme projector --out "$out/$view.bmp"
    echo "wrote $out/$view.bmp"
done
"$bin" render --input-file "$input" --mask causal --size 1920x1080 --theme projector --out "$out/heatmaps-causal.bmp"
echo "wrote $out/heatmaps-causal.bmp"
