#!/usr/bin/env bash
# Accuracy of the default network (784-1000-1000-1000-10, 1% density, RLR) on MNIST over 10 epochs, 3 seeds,
# with the default optimizer settings and with the weight decay of the CHT reference code (1e-5, lr 0.05).
# Usage: experiments/mnist-rlr-accuracy/run.sh [--device DEVICE]   (data: $SPARSEGPU_DATA or --data-dir in EXTRA)
# Writes results/<setting>-seed<N>/ (one run each) and results/summary.csv (mean and std of test accuracy per epoch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
results="$here/results"
mkdir -p "$results"
dotnet build -c Release "$root/src/SparseGpu.Cli" -v quiet -nologo >/dev/null
sparsegpu="$root/src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu"

declare -A settings=(
  [default]=""
  [wd1e-5-lr0.05]="--weight-decay 1e-5 --lr 0.05"
)
for name in default wd1e-5-lr0.05; do
  for seed in 1 2 3; do
    out="$results/$name-seed$seed"
    [ -f "$out/metrics.csv" ] && [ "$(wc -l < "$out/metrics.csv")" -ge 11 ] && continue
    rm -rf "$out"
    # shellcheck disable=SC2086
    "$sparsegpu" train --epochs 10 --seed "$seed" --out "$out" --no-download --quiet ${settings[$name]} "$@"
  done
done

# mean and sample std of test accuracy (%) per epoch over the seeds
{
  echo "setting,epoch,test_accuracy_mean,test_accuracy_std,seeds"
  for name in default wd1e-5-lr0.05; do
    awk -F, -v name="$name" 'FNR > 1 { s[$1] += $6; q[$1] += $6 * $6; n[$1]++ }
      END { for (e = 1; e in n; e++) { m = s[e] / n[e]; v = n[e] > 1 ? (q[e] - n[e] * m * m) / (n[e] - 1) : 0; if (v < 0) v = 0;
            printf "%s,%d,%.2f,%.2f,%d\n", name, e, 100 * m, 100 * sqrt(v), n[e] } }' "$results/$name"-seed*/metrics.csv
  done
} > "$results/summary.csv"
cat "$results/summary.csv"
