#!/usr/bin/env bash
# Runs the protocol-sensitivity study: each spec in turn, resumably, then aggregates each and applies the verdict
# criteria (CRITERIA.md) to whatever has been aggregated (verdicts.py: a table per spec, and verdicts.csv).
# Usage: experiments/protocol-sensitivity/run.sh [grid long topology dense-default dense-accuracy] [SWEEP OPTIONS...]
#   (default: all five, cheapest first; data from $SPARSEGPU_DATA). Results go to results/<spec>/; rerunning skips
#   finished runs and resumes interrupted ones, so the study can be stopped and continued at any time, e.g.
#   `nohup nice experiments/protocol-sensitivity/run.sh &` and again after a reboot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
specs=()
while [ $# -gt 0 ] && [ -f "$here/$1.json" ]; do specs+=("$1"); shift; done
[ "${#specs[@]}" -gt 0 ] || specs=(topology grid long dense-default dense-accuracy)
sparsegpu=$("$here/../lib/build.sh") || exit 1

status=0
for spec in "${specs[@]}"; do
  out="$here/results/$spec"
  start=$(date +%s)
  "$sparsegpu" sweep --spec "$here/$spec.json" --out "$out" --no-download "$@" || status=1
  echo "$spec: sweep finished in $(( $(date +%s) - start )) s"
  "$sparsegpu" sweep status --out "$out" | tail -n 1
  "$sparsegpu" sweep aggregate --out "$out" >/dev/null || status=1
done
python3 "$here/verdicts.py" "$here/results" || status=1
exit $status
