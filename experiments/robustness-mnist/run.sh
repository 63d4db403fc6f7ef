#!/usr/bin/env bash
# Robustness of RLR- and CH3L3-trained networks on MNIST: trains the default network (784-1000-1000-1000-10, 1%
# density, default settings, 10 epochs) with each method and seeds 1-3, then runs the full default sweep (random,
# weight-order and reverse-weight-order link removal, weight shuffling, noise, FGSM; 10 repeats of the stochastic
# ones) over the six models, and draws the training and robustness figures.
# Usage: experiments/robustness-mnist/run.sh [--device DEVICE]   (data: $SPARSEGPU_DATA)
# The trained runs are those of ../rlr-vs-ch3l3 (default setting), trained there if missing; the sweep goes to
# results/sweep; summary.csv, method-summary.csv and the two combined figures are copied here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../lib"
results="$here/results"
trained="$here/../rlr-vs-ch3l3/results"
mkdir -p "$results" "$trained"
sparsegpu=$("$lib/build.sh")
device=(--device auto)
[ "${1:-}" = "--device" ] && device=(--device "$2")

models=()
runs=()
for method in rlr ch3l3; do
  "$lib/train-runs.sh" "$sparsegpu" "$trained" "$method-default" 10 1,2,3 --method "$method" "${device[@]}"
  for seed in 1 2 3; do
    models+=(--model "$trained/$method-default-seed$seed/model.ckpt")
    runs+=(--runs "$trained/$method-default-seed$seed")
  done
done

rm -rf "$results/sweep"
"$sparsegpu" robustness "${models[@]}" --out "$results/sweep" --no-download "${device[@]}"
"$sparsegpu" plot training "${runs[@]}" --out "$results/sweep/training.png" --threshold 0.96 --width 1400 --height 500

# Per method and perturbation: mean and sample std over the seeds of each summary column.
awk -F, 'NR > 1 {
    key = $2 "," $5; n[key]++
    for (c = 6; c <= 10; c++) if ($c != "") { s[key, c] += $c; q[key, c] += $c * $c; m[key, c]++ }
  }
  END {
    print "method,perturbation,models,unperturbed_accuracy,auc,level_below_90pct,level_below_50pct,accuracy_at_0.8"
    for (key in n) {
      line = key "," n[key]
      for (c = 6; c <= 10; c++) {
        if (m[key, c] == 0) { line = line ","; continue }
        mean = s[key, c] / m[key, c]; v = m[key, c] > 1 ? (q[key, c] - m[key, c] * mean * mean) / (m[key, c] - 1) : 0
        line = line sprintf(",%.4f ± %.4f", mean, sqrt(v < 0 ? 0 : v))
      }
      print line
    }
  }' "$results/sweep/summary.csv" | (read -r header; echo "$header"; sort) > "$results/sweep/method-summary.csv"

# The committed summary names each model relative to this folder, not by this machine's absolute path.
sed "s|^$here/||" "$results/sweep/summary.csv" > "$here/summary.csv"
cp "$results/sweep/method-summary.csv" "$results/sweep/robustness-grid.png" "$results/sweep/training.png" "$here/"
cat "$here/method-summary.csv"
