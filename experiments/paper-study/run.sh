#!/usr/bin/env bash
# Runs a study spec and aggregates it.
# Usage: experiments/paper-study/run.sh [quick|full|dense-baseline] [SWEEP OPTIONS...]   (data: $SPARSEGPU_DATA)
#   e.g. run.sh quick --jobs 2, run.sh full --device cuda. Results go to results/<spec>/; rerunning skips
#   finished runs and resumes interrupted ones. A data set whose files are not available offline is reported
#   and skipped; the others go on. Ends with `sweep report`: aggregate/ tables, figures and report.html.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
variant=${1:-quick}
[ $# -gt 0 ] && shift
spec="$here/$variant.json"
[ -f "$spec" ] || { echo "no spec $spec (quick, full or dense-baseline)" >&2; exit 2; }
out="$here/results/$variant"
sparsegpu=$("$here/../lib/build.sh") || exit 1

start=$(date +%s)
"$sparsegpu" sweep --spec "$spec" --out "$out" --no-download "$@"
status=$?
echo "sweep finished in $(( $(date +%s) - start )) s (exit $status)"

# Data sets that could not be loaded: say so plainly, the aggregate covers the others.
"$sparsegpu" sweep status --out "$out" | awk '$1 == "failed" && /not available/ { split($2, id, "-seed"); print id[1] }' \
  | sed -E 's/-(rlr|ch3l3|none)$//' | sort -u | while read -r dataset; do
    echo "data set $dataset is not available offline: its runs were skipped (sparsegpu data download $dataset where there is internet)"
  done
"$sparsegpu" sweep status --out "$out" | tail -n 1
# Tables and figures in results/<spec>/aggregate/, and the whole study as one HTML page (report.html there).
"$sparsegpu" sweep report --out "$out" --claims "$here/RESULTS.md"
