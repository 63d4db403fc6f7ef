#!/usr/bin/env bash
# The compressibility study: trains its models (resumable), analyses them, collects models.csv, judges it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sparsegpu=$("$here/../lib/build.sh")
results="$here/results"
data=(--data-dir "${SPARSEGPU_DATA:?set SPARSEGPU_DATA to the folder of the IDX files}" --no-download)
studies=()
for study in grid topology; do
  "$sparsegpu" sweep run --spec "$here/$study-models.json" --out "$results/$study" "${data[@]}"
  models=()
  for run in "$results/$study"/runs/*/; do models+=(--model "${run}model.ckpt"); done
  "$sparsegpu" analyze "${models[@]}" --no-plots --out "$results/$study-analysis" >/dev/null
  studies+=("$study=$results/$study=$results/$study-analysis")
done
python3 "$here/collect.py" "$here/models.csv" "${studies[@]}"
python3 "$here/verdict.py" "$here/models.csv" "$here/compressibility.png"
