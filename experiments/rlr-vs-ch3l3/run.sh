#!/usr/bin/env bash
# RLR versus CH3L3 regrowth on MNIST with the default network (784-1000-1000-1000-10, 1% density, ζ = 0.3),
# 3 seeds each, 10 epochs, under the default optimizer settings and under lr 0.05 with weight decay 1e-5.
# Usage: experiments/rlr-vs-ch3l3/run.sh [TRAIN OPTIONS...]   (data: $SPARSEGPU_DATA, or pass --data-dir DIR)
# Writes results/<method>-<setting>-seed<N>/ and results/summary.csv (test accuracy mean and std per epoch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results="$here/results"
mkdir -p "$results"
sparsegpu=$("$here/../lib/build.sh")

declare -A settings=(
  [default]=""
  [wd1e-5-lr0.05]="--weight-decay 1e-5 --lr 0.05"
)
names=()
for setting in default wd1e-5-lr0.05; do
  for method in rlr ch3l3; do
    name="$method-$setting"
    names+=("$name")
    for seed in 1 2 3; do
      out="$results/$name-seed$seed"
      [ -f "$out/metrics.csv" ] && [ "$(wc -l < "$out/metrics.csv")" -ge 11 ] && continue
      rm -rf "$out"
      # shellcheck disable=SC2086
      "$sparsegpu" train --regrowth "$method" --epochs 10 --seed "$seed" --out "$out" --no-download --quiet ${settings[$setting]} "$@"
    done
  done
done
"$here/../lib/summarize-accuracy.sh" "$results" "${names[@]}" | tee "$results/summary.csv"
