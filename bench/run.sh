#!/usr/bin/env bash
# Runs ModelVet's benchmarks (plain `main` programs under src/test/java/**/bench/) and prints their figures.
# Usage: bench/run.sh [module:Class ...]   e.g. bench/run.sh modelvet-core:io.modelvet.bench.PickleThroughputBench
# With no argument every benchmark is run. Benchmarks write large temporary files under ${BENCH_DIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests test-compile >/dev/null
classpath() {
  local m=$1
  (cd "$m" && mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null)
  echo "$m/target/test-classes:$m/target/classes:$(cat "$m/target/bench-cp.txt")"
}
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  while IFS= read -r f; do
    m=${f%%/src/*}
    c=${f#*/src/test/java/}; c=${c%.java}; c=${c//\//.}
    targets+=("$m:$c")
  done < <(find modelvet-*/src/test/java -path '*/bench/*Bench.java' | sort)
fi
for t in "${targets[@]}"; do
  m=${t%%:*}; c=${t#*:}
  echo "=== $c"
  java -Xss4m -Xmx4g -cp "$(classpath "$m")" "$c" # ONNX Runtime needs the 4 MiB stacks the tests run with (default: segfault)
done
