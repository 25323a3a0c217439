#!/usr/bin/env bash
# CLI speed on the benign performance workload, next to `cat` in the same run (issue 9's targets).
# Usage: bench/cli.sh [CORPUS_DIR]   (default: ${BENCH_DIR:-/tmp}/modelvet-perf-corpus; written by
# ../shared/bench/gen_perf_corpus.py with Debian's /usr/bin/python3 when absent).
# Prints the median of 3 runs (wall seconds, CPU seconds = user + sys, peak RSS) for: start-up (an empty folder),
# many/ (2,000 small files) and big/ (8 large files), one process per folder, warm page cache, and
# whether each target was met in this run (the JVM floor row: the bare JVM start-up under them all).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/perf_corpus.sh"
empty="$(mktemp -d)"; out="$(mktemp -d)"
trap 'rm -rf "$empty" "$out"' EXIT
"$here/modelvet" --version >/dev/null   # build the jar and its class-data cache outside the timings
median3() { # prints "wall cpu rss_kb" of the median-wall run of a command
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$out/t" "$@" >/dev/null 2>&1 || true
    tail -1 "$out/t" | awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}'
  done | sort -n | sed -n 2p
}
# row FOLDER TOOL "wall cpu rss_kb" [TARGET_TEXT [MAX_WALL_S [MAX_RSS_MB]]]: prints the figures, the
# target and whether this run met it (issue 9's targets; the reasons for a miss are in docs/performance.md)
row() {
  read -r w c m <<<"$3"
  local verdict=""
  if [[ -n "${5:-}" ]]; then
    verdict=$(awk -v w="$w" -v t="$5" -v m="$((m / 1024))" -v r="${6:-0}" 'BEGIN {
      v = "time " (w <= t ? "met" : "NOT met"); if (r > 0) v = v ", memory " (m <= r ? "met" : "NOT met"); print v }')
  fi
  printf '%-8s %-10s %8.3f %8.3f %8.0f  %s%s\n' "$1" "$2" "$w" "$c" "$((m / 1024))" "$4" "${verdict:+ — $verdict}"
}
printf '%-8s %-10s %8s %8s %8s  %s\n' folder tool wall-s cpu-s rss-MB target
cat "$corpus"/many/* "$corpus"/big/* >/dev/null   # warm the page cache
# The floor under every row: the same JVM with the launcher's flags running an empty main method
# (compiled here with javac), i.e. what start-up costs before any ModelVet code runs.
printf 'public class Floor { public static void main(String[] a) {} }\n' > "$out/Floor.java"
"${JAVA_HOME:+$JAVA_HOME/bin/}javac" -d "$out" "$out/Floor.java"
row empty jvm-floor "$(median3 "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m -XX:-UsePerfData -Xshare:auto -cp "$out" Floor)" "(java, empty main)"
row empty modelvet "$(median3 "$here/modelvet" scan "$empty")" "<= 0.15 s" 0.15
# Optional: BASELINE_JAR=path/to/older/modelvet.jar adds its figures (plain java, the old launcher's flags);
# BASELINE_LAUNCHER=path/to/older/modelvet (the launcher of an older checkout, or of a copy holding its
# modelvet-cli/target/modelvet.jar) compares with the same launcher settings and class-data archive.
base=()
[[ -n "${BASELINE_JAR:-}" ]] && base=(java -XX:+UseParallelGC -Xss8m -Xshare:auto -jar "$BASELINE_JAR")
[[ -n "${BASELINE_LAUNCHER:-}" ]] && { base=("$BASELINE_LAUNCHER"); "$BASELINE_LAUNCHER" --version >/dev/null; }
[[ ${#base[@]} -gt 0 ]] && row empty baseline "$(median3 "${base[@]}" scan "$empty")" ""
for d in many big; do
  row "$d" cat "$(median3 bash -c "cat '$corpus/$d'/* >/dev/null")" ""
  if [[ $d == many ]]; then tgt=("<= 0.5 s, <= 128 MB" 0.5 128); else tgt=("<= 0.25 s" 0.25); fi
  row "$d" modelvet "$(median3 "$here/modelvet" scan "$corpus/$d" --format json -o "$out/r.json")" "${tgt[@]}"
  [[ ${#base[@]} -gt 0 ]] && row "$d" baseline "$(median3 "${base[@]}" scan "$corpus/$d" --format json -o "$out/b.json")" ""
done
