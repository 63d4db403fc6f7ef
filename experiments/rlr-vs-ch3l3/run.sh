#!/usr/bin/env bash
# RLR versus CH3L3 regrowth on MNIST with the default network (784-1000-1000-1000-10, 1% density, ζ = 0.3),
# 3 seeds each, 10 epochs, under the default optimizer settings and under lr 0.05 with weight decay 1e-5.
# Usage: experiments/rlr-vs-ch3l3/run.sh [TRAIN OPTIONS...]   (data: $SPARSEGPU_DATA, or pass --data-dir DIR)
# Writes results/<method>-<setting>-seed<N>/ and results/summary.csv (test accuracy mean and std per epoch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../lib"
results="$here/results"
mkdir -p "$results"
sparsegpu=$("$lib/build.sh")

declare -A settings=(
  [default]=""
  [wd1e-5-lr0.05]="--weight-decay 1e-5 --learning-rate 0.05"
)
names=()
for setting in default wd1e-5-lr0.05; do
  for method in rlr ch3l3; do
    names+=("$method-$setting")
    # shellcheck disable=SC2086
    "$lib/train-runs.sh" "$sparsegpu" "$results" "$method-$setting" 10 1,2,3 --method "$method" ${settings[$setting]} "$@"
  done
done
"$lib/summarize-accuracy.sh" "$results" "${names[@]}" | tee "$results/summary.csv"
