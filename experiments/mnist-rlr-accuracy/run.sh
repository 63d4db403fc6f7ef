#!/usr/bin/env bash
# Accuracy of the default network (784-1000-1000-1000-10, 1% density, RLR) on MNIST over 10 epochs, 3 seeds,
# with the default optimizer settings and with the weight decay of the CHT reference code (1e-5, lr 0.05).
# Usage: experiments/mnist-rlr-accuracy/run.sh [TRAIN OPTIONS...]   (data: $SPARSEGPU_DATA, or pass --data-dir DIR)
# Writes results/<setting>-seed<N>/ (one run each) and results/summary.csv (mean and std of test accuracy per epoch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results="$here/results"
mkdir -p "$results"
sparsegpu=$("$here/../lib/build.sh")

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
"$here/../lib/summarize-accuracy.sh" "$results" default wd1e-5-lr0.05 | tee "$results/summary.csv"
