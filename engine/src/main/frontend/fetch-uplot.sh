#!/usr/bin/env sh
# Fetches uPlot (the report's charting library) from the npm registry at build time and puts its
# script and style where Report reads them: target/classes/io/tickring/engine/report/. The version
# and the tarball's sha512 are pinned here, so every build inlines the same bytes; the library's
# code is never committed. npm's cache (~/.npm) makes later builds work offline.
# Usage (from the engine module's pom, phase generate-resources): fetch-uplot.sh TARGET_DIR
set -eu
VERSION=1.6.32
INTEGRITY='sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw=='
TARGET="$1"
OUT="$TARGET/classes/io/tickring/engine/report"
WORK="$TARGET/frontend"
if [ -f "$OUT/uPlot.iife.min.js" ] && [ -f "$WORK/uplot-$VERSION.tgz" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || {
  echo "engine/src/main/frontend/fetch-uplot.sh: npm not found; install Debian's nodejs and npm (.ci/run does)" >&2
  exit 2
}
mkdir -p "$WORK" "$OUT"
npm pack "uplot@$VERSION" --pack-destination "$WORK" --silent >/dev/null
GOT="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$WORK/uplot-$VERSION.tgz")"
[ "$GOT" = "$INTEGRITY" ] || {
  echo "fetch-uplot.sh: uplot-$VERSION.tgz has $GOT, expected $INTEGRITY" >&2
  exit 2
}
tar -xzf "$WORK/uplot-$VERSION.tgz" -C "$WORK" package/dist/uPlot.iife.min.js package/dist/uPlot.min.css package/LICENSE
cp "$WORK/package/dist/uPlot.iife.min.js" "$WORK/package/dist/uPlot.min.css" "$OUT/"
cp "$WORK/package/LICENSE" "$OUT/uPlot.LICENSE"
