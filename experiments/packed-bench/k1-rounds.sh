#!/usr/bin/env bash
# The K = 1 check of issue 30 §4: does the fast CPU path train one network as fast as before the packed engine?
# Runs the same short `bench` (default network, batch 32, MNIST, one timed epoch of SAMPLES, THREADS threads)
# with each build in turn, round after round (A B A B ...), so that a shared machine's load falls on every build
# alike, and prints each run's training samples/s, then per build the median, and the median of the per-round
# ratios of each build to the first.
# Usage: experiments/packed-bench/k1-rounds.sh ROUNDS SAMPLES THREADS BUILD-DIR...   (worktrees built in Release)
set -euo pipefail
rounds=$1 samples=$2 threads=$3
shift 3
builds=("$@")
data=${SPARSEGPU_DATA:-/work/shared/datasets}
log=$(mktemp)
for r in $(seq "$rounds"); do
  for b in "${builds[@]}"; do
    rate=$(nice "$b/src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu" bench --device cpu --threads "$threads" \
      --batch-size 32 --data-dir "$data" --widths 1000 --scaling-samples 2000 --no-ch3l3 --epoch-samples "$samples" \
      | awk '/^training/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^samples\/s/) { gsub(",", "", $i); print $i } }')
    echo "round $r $(git -C "$b" rev-parse --short HEAD) $rate" | tee -a "$log"
  done
done
python3 - "$log" "${#builds[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
n = int(sys.argv[2])
rates = [[float(r[3]) for r in rows[i::n]] for i in range(n)]
for i, series in enumerate(rates):
    low, high = min(series), max(series)
    print(f"{rows[i][2]}: median {statistics.median(series):,.0f} samples/s, range {low:,.0f}-{high:,.0f}")
for i in range(1, n):
    ratios = [b / a for a, b in zip(rates[0], rates[i])]
    print(f"{rows[i][2]} / {rows[0][2]}: median ratio {statistics.median(ratios):.3f}, per round "
          + ", ".join(f"{x:.3f}" for x in ratios))
PY
rm -f "$log"
