#!/usr/bin/env bash
# Spark job (local mode) versus the CLI on the benign performance workload, in one run, next to `cat`.
# Usage: bench/spark_vs_cli.sh [CORPUS_DIR]   (default: ${BENCH_DIR:-/tmp}/modelvet-perf-corpus)
# The workload is written by ../shared/bench/gen_perf_corpus.py (Debian's /usr/bin/python3 with numpy,
# torch, sklearn, joblib, onnx) when absent. Prints wall time, files/s and bytes read for each.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/perf_corpus.sh"
"$here/modelvet" --version >/dev/null             # builds the CLI jar if needed
"$here/modelvet" spark-scan --help >/dev/null      # builds the Spark job if needed
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
printf '%-6s %8s %-22s %10s %10s %14s\n' folder files tool seconds files/s bytes-read
for d in many big; do
  n=$(find "$corpus/$d" -type f | wc -l)
  size=$(du -sb "$corpus/$d" | cut -f1)
  t=$(secs bash -c "find '$corpus/$d' -type f -exec cat {} + >/dev/null")
  printf '%-6s %8d %-22s %10.2f %10.0f %14d\n' "$d" "$n" cat "$t" "$(echo "$n / $t" | bc -l)" "$size"
  t=$(secs "$here/modelvet" scan "$corpus/$d" --format json -o "$out/cli-$d.json")
  printf '%-6s %8d %-22s %10.2f %10.0f %14s\n' "$d" "$n" "modelvet scan" "$t" "$(echo "$n / $t" | bc -l)" "-"
  t=$(secs "$here/modelvet" spark-scan --master 'local[*]' --input "$corpus/$d" --output "$out/spark-$d" --format json)
  read_bytes=$(grep -o '"bytesRead" *: *[0-9]*' "$out/spark-$d/summary.json" | grep -o '[0-9]*$')
  printf '%-6s %8d %-22s %10.2f %10.0f %14d\n' "$d" "$n" "spark-scan local[*]" "$t" "$(echo "$n / $t" | bc -l)" "$read_bytes"
done
echo "(Spark's time includes starting its local runtime; see docs/spark.md for the cluster cost model.)"
