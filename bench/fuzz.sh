#!/usr/bin/env bash
# Coverage-guided fuzzing of ModelVet's parsers with Jazzer (harnesses: ParserFuzzTest in modelvet-core).
# Usage: bench/fuzz.sh [MINUTES] [HARNESS...]     e.g. bench/fuzz.sh 10 pickle zip
# Each harness is fuzzed for MINUTES (default 10), starting from its seed corpus (the committed fixtures
# of its format, copied into Jazzer's generated corpus modelvet-core/.cifuzz-corpus/<class>/<harness>,
# which the fuzzer then grows; git ignores it). A crash, hang or
# out-of-memory input is written by Jazzer beside the regression inputs
# (modelvet-core/src/test/resources/io/modelvet/fuzz/ParserFuzzTestInputs/<harness>/), so `mvn test`
# replays it from then on: fix the parser, keep the input. Prints executions/s, coverage and findings.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"; shift || true
all=(pickle zip tar sevenZip compressed numpy safetensors gguf onnx tensorflow tflite kerasH5 kerasConfig huggingfaceConfig marshal jinja python)
all+=(coreMl executorch catboost)
harnesses=("$@"); [[ ${#harnesses[@]} -eq 0 ]] && harnesses=("${all[@]}")
mvn -q -B -ntp -pl modelvet-core -am install -DskipTests >/dev/null
fixtures=modelvet-core/src/test/resources/fixtures
seeds() { # the seed folders and globs of a harness (kept in step with FuzzSeedsTest.SEEDS)
  case "$1" in
    pickle) echo "pickle/* containers/*.pkl containers/*.joblib";;
    zip) echo "containers/*.zip containers/*.npz containers/*.pt containers/*.pth";;
    tar) echo "containers/*.tar";; sevenZip) echo "containers/*.7z";;
    compressed) echo "containers/*.gz containers/*.bz2 containers/*.xz";; numpy) echo "containers/*.npy";;
    safetensors) echo "safetensors/*";; gguf) echo "gguf/*";; onnx) echo "graph/onnx/*";;
    tensorflow) echo "graph/tf/*";; tflite) echo "graph/tflite/*";; kerasH5) echo "kerashf/h5/*";;
    kerasConfig) echo "kerashf/v3/*";; huggingfaceConfig) echo "kerashf/hf/*";; marshal) echo "kerashf/marshal/*";;
    jinja) echo "jinja/*";; python) echo "kerashf/hf/*";;
    coreMl) echo "formats2/coreml/*";; executorch) echo "formats2/executorch/*";;
    catboost) echo "formats2/catboost/*";;
  esac
}
report="target/fuzz-report.tsv"; mkdir -p target; printf 'harness\tminutes\texecutions\texec_per_s\tcoverage\tfindings\n' > "$report"
for h in "${harnesses[@]}"; do
  corpus="modelvet-core/.cifuzz-corpus/io.modelvet.fuzz.ParserFuzzTest/$h"; mkdir -p "$corpus"
  for pattern in $(seeds "$h"); do
    find $fixtures/${pattern%/*} -type f -name "${pattern##*/}" -size -1000k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  done
  log="target/fuzz-$h.log"
  echo "=== $h: ${minutes} min from $(ls "$corpus" | wc -l) seeds" >&2
  JAZZER_FUZZ=1 mvn -q -B -ntp -pl modelvet-core test -Dtest="ParserFuzzTest#$h" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.instrument='io.modelvet.**' -Djazzer.max_duration="${minutes}m" \
    -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1 || true
  last=$(grep -E '#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
  execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last"); cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  eps=$(grep -o 'exec/s: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  found=$(grep -c -E '== Java Exception|FuzzerSecurityIssue|Out of memory|timeout' "$log" || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$minutes" "${execs:-?}" "${eps:-?}" "${cov:-?}" "$found" | tee -a "$report"
done
echo "report: $report; logs: target/fuzz-<harness>.log; new crash inputs: git status modelvet-core/src/test/resources/io/modelvet/fuzz" >&2
