#!/usr/bin/env bash
# Coverage-guided fuzzing of ModelVet's parsers with Jazzer (harnesses: ParserFuzzTest in modelvet-core,
# IntegrityFuzzTest in modelvet-integrity; see docs/fuzzing.md).
# Usage: bench/fuzz.sh [MINUTES] [HARNESS...]     e.g. bench/fuzz.sh 10 pickle zip integrity:bundle
# A harness is named `module:harness` (module core or integrity); a bare name is a core harness.
# Each harness is fuzzed for MINUTES (default 10), starting from its seed corpus (the committed fixtures
# of its format, copied into Jazzer's generated corpus <module>/.cifuzz-corpus/<class>/<harness>,
# which the fuzzer then grows; git ignores it). A crash, hang, out-of-memory or contract violation is
# written beside the regression inputs (<module>/src/test/resources/<package of the class>/
# <class>Inputs/<harness>/), so `mvn test` replays it from then on: fix the parser, keep the input.
# Jazzer goes on after a finding, up to FUZZ_KEEP_GOING findings (default 10; 1 stops at the first).
# Jazzer's RegexRoadblocks hook is off: it allocates on every regex step, which the harnesses'
# allocation check would blame on the parser. Prints the seconds actually fuzzed, executions,
# executions/s, coverage (cov/ft) and findings per harness (also appended to target/fuzz-report.tsv).
# Nothing is installed into ~/.m2 (other checkouts may share it): the reactor builds core from source.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"; shift || true
[[ "$minutes" =~ ^[0-9]+$ ]] || { echo "MINUTES must be a whole number (Jazzer's max_duration), got $minutes" >&2; exit 2; }
core=(pickle zip tar sevenZip compressed numpy safetensors gguf onnx tensorflow tflite kerasH5 kerasConfig huggingfaceConfig marshal jinja python coreMl executorch ocdbt zarrMetadata ociArchive torch7Ascii mxnetParams catboost)
integrity=(bundle statement pem der)
harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then harnesses=("${core[@]}"); for h in "${integrity[@]}"; do harnesses+=("integrity:$h"); done; fi
seeds() { # the seed folders and globs of a harness (kept in step with FuzzSeedsTest / IntegrityFuzzSeedsTest.SEEDS)
  case "$1" in
    core:pickle) echo "pickle/* containers/*.pkl containers/*.joblib";;
    core:zip) echo "containers/*.zip containers/*.npz containers/*.pt containers/*.pth";;
    core:tar) echo "containers/*.tar";; core:sevenZip) echo "containers/*.7z";;
    core:compressed) echo "containers/*.gz containers/*.bz2 containers/*.xz";; core:numpy) echo "containers/*.npy";;
    core:safetensors) echo "safetensors/*";; core:gguf) echo "gguf/*";; core:onnx) echo "graph/onnx/*";;
    core:tensorflow) echo "graph/tf/*";; core:tflite) echo "graph/tflite/*";; core:kerasH5) echo "kerashf/h5/*";;
    core:kerasConfig) echo "kerashf/v3/*";; core:huggingfaceConfig) echo "kerashf/hf/*";; core:marshal) echo "kerashf/marshal/*";;
    core:jinja) echo "jinja/*";; core:python) echo "kerashf/hf/*";;
    core:coreMl) echo "formats2/coreml/*";; core:executorch) echo "formats2/executorch/*";;
    core:ocdbt) echo "formats2/orbax/manifest.ocdbt formats2/orbax/benign_ocdbt/d/*";; core:zarrMetadata) echo "formats2/orbax/.zarray formats2/orbax/zarr.json";;
    core:ociArchive) echo "formats/oci/*.tar";; core:torch7Ascii) echo "formats/torch7/*_ascii.t7";;
    core:mxnetParams) echo "formats2/mxnet/*.params";; core:catboost) echo "formats2/catboost/*";;
    integrity:bundle) echo "fuzz/bundle/*";; integrity:statement) echo "fuzz/statement/*";;
    integrity:pem) echo "fuzz/pem/*";; integrity:der) echo "fuzz/der/*";;
  esac
}
report="target/fuzz-report.tsv"; mkdir -p target
[[ -f "$report" ]] || printf 'harness\tseconds\texecutions\texec_per_s\tcov\tft\tfindings\n' > "$report"
for arg in "${harnesses[@]}"; do
  [[ "$arg" == *:* ]] || arg="core:$arg"
  module="modelvet-${arg%%:*}"; h="${arg#*:}"
  case "$module" in
    modelvet-core) class=io.modelvet.fuzz.ParserFuzzTest;; modelvet-integrity) class=io.modelvet.integrity.signing.IntegrityFuzzTest;;
    *) echo "unknown module in $arg" >&2; exit 2;;
  esac
  [[ -n "$(seeds "$arg")" ]] || { echo "unknown harness $arg" >&2; exit 2; }
  corpus="$module/.cifuzz-corpus/$class/$h"; mkdir -p "$corpus"
  fixtures="$module/src/test/resources/fixtures"
  for pattern in $(seeds "$arg"); do
    find "$fixtures/${pattern%/*}" -type f -name "${pattern##*/}" -size -1000k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  done
  log="target/fuzz-${arg/:/-}.log"
  echo "=== $arg: ${minutes} min from $(ls "$corpus" | wc -l) seeds" >&2
  JAZZER_FUZZ=1 mvn -q -B -ntp -pl "$module" -am test -Dtest="${class##*.}#$h" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.instrument='io.modelvet.**' -Djazzer.max_duration="${minutes}m" \
    -Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexRoadblocks -Djazzer.keep_going="${FUZZ_KEEP_GOING:-10}" \
    -Djunit.jupiter.execution.timeout.mode=disabled ${FUZZ_MAVEN_ARGS:-} >"$log" 2>&1 || true
  last=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
  execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last"); cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  [[ -n "$done_line" ]] && execs=$(awk '{print $2}' <<<"$done_line")
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' <<<"$done_line")
  eps=$([[ -n "$secs" && "$secs" -gt 0 && -n "$execs" ]] && echo $((execs / secs)) || grep -o 'exec/s: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  # a finding is an input Jazzer wrote (crash, hang, out-of-memory, contract assertion: FuzzTestFinding);
  # libFuzzer's slow-unit reports are not findings: moved out of the regression inputs to target/fuzz-slow/
  found=$(grep -c -E 'Test unit written to .*/(crash|timeout|oom|leak)-' "$log" || true)
  for slow in $(grep -o 'Test unit written to .*/slow-unit-[0-9a-f]*' "$log" | sed 's/Test unit written to //'); do
    mkdir -p "target/fuzz-slow/$h"; [[ -f "$slow" ]] && mv "$slow" "target/fuzz-slow/$h/"
  done
  [[ "$found" -eq 0 ]] && grep -q -E 'FuzzTestFinding|== Java Exception|FuzzerSecurityIssue|Out of memory|ERROR: libFuzzer: timeout' "$log" && found=1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$arg" "${secs:-?}" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$found" | tee -a "$report"
  grep -h -E 'Test unit written to .*/(crash|timeout|oom|leak)-' "$log" | sed 's/.*Test unit written to /  finding: /' >&2 || true
done
echo "report: $report; logs: target/fuzz-<module>-<harness>.log; new crash inputs: git status '*/src/test/resources/io/modelvet/fuzz'" >&2
