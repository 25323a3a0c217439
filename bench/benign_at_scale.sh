#!/usr/bin/env bash
# Benign-at-scale benchmark: generates the corpus if needed (Debian's /usr/bin/python3 with numpy, torch,
# sklearn, joblib, pandas, xgboost, dill, onnx), scans it with the CLI jar and prints file counts, how many
# are at MEDIUM or above, how many are inconclusive, and the wall time.
#   bench/benign_at_scale.sh [CORPUS_DIR]     (default: $MODELVET_BENIGN_AT_SCALE or target/benign-at-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-${MODELVET_BENIGN_AT_SCALE:-target/benign-at-scale}}"
JAR=modelvet-cli/target/modelvet.jar
if [ ! -f "$DIR/COMPLETE" ]; then
  echo "generating $DIR ..."
  /usr/bin/python3 fixtures/generators/benign_at_scale.py "$DIR"
fi
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package -pl modelvet-cli -am
REPORT="$(mktemp --suffix=.json)"
start=$(date +%s.%N)
set +e
java -jar "$JAR" scan "$DIR" --format json -o "$REPORT" >/dev/null
code=$?
set -e
end=$(date +%s.%N)
python3 - "$REPORT" "$code" "$start" "$end" <<'PY'
import json, sys
report, code, start, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
files = json.load(open(report))["files"]
top = {f["path"].split("!")[0] for f in files if not f["path"].endswith("COMPLETE")}
rank = {"MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}
flagged = {f["path"].split("!")[0] for f in files if any(rank.get(x["severity"], 0) >= 2 for x in f.get("findings") or [])}
inconclusive = {f["path"].split("!")[0] for f in files if f["verdict"] == "inconclusive"}
low = {f["path"].split("!")[0] for f in files if any(x["severity"] == "LOW" for x in f.get("findings") or [])}
secs = end - start
print(f"files {len(top)} (report entries incl. members {len(files)})")
print(f"MEDIUM+ {len(flagged)}  inconclusive {len(inconclusive)}  with LOW findings {len(low)}")
print(f"time {secs:.1f} s ({len(top) / secs:.0f} files/s), exit code {code}")
for p in sorted(flagged | inconclusive)[:20]:
    print("  ", p)
PY
rm -f "$REPORT"
