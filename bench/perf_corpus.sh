# Sourced by the bench scripts: sets $corpus to the benign performance workload (argument 1, else
# ${BENCH_DIR:-/tmp}/modelvet-perf-corpus), writing it with ../shared/bench/gen_perf_corpus.py
# (Debian's /usr/bin/python3 with numpy, torch, sklearn, joblib, onnx) when it is absent.
corpus="${1:-${BENCH_DIR:-/tmp}/modelvet-perf-corpus}"
gen="$here/../shared/bench/gen_perf_corpus.py"
if [[ ! -d "$corpus/many" || ! -d "$corpus/big" ]]; then
  [[ -f "$gen" ]] || { echo "no workload at $corpus and no generator at $gen" >&2; exit 2; }
  echo "generating the workload into $corpus (about 2.2 GB, several minutes)..." >&2
  /usr/bin/python3 "$gen" "$corpus" >&2
fi
