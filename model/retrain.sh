#!/bin/sh
# Retrains the DeepLOB model from a tickring journal: dumps its input queue to JSON lines, then trains,
# exports deeplob.onnx (opset 17, with metadata), model-card.md, golden.json and metrics.json into OUT.
#
#   model/retrain.sh JOURNAL_DIR [OUT_DIR] [train.py options...]
#
# OUT_DIR defaults to model/build (ignored by git); copy the files into model/ to ship them, then run
#   /usr/bin/python3 model/parity.py --dump OUT_DIR/input.jsonl --golden model/golden.json
# to refresh the Java test fixtures.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
J="$1"; shift
OUT="${1:-$HERE/build}"; [ $# -gt 0 ] && shift
mkdir -p "$OUT"
"$HERE/../tickring" journal dump "$J" --in > "$OUT/input.jsonl"
exec /usr/bin/python3 "$HERE/train.py" --dump "$OUT/input.jsonl" --out "$OUT" "$@"
