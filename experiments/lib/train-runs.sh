#!/usr/bin/env bash
# Trains one run per seed, skipping runs that are already complete.
# Usage: train-runs.sh SPARSEGPU RESULTS NAME EPOCHS SEEDS [TRAIN OPTIONS...]
#   SEEDS is a comma list; run i goes to RESULTS/NAME-seedI; TRAIN OPTIONS go to `sparsegpu train`.
set -euo pipefail
sparsegpu=$1 results=$2 name=$3 epochs=$4 seeds=$5
shift 5
for seed in ${seeds//,/ }; do
  out="$results/$name-seed$seed"
  if [ -f "$out/metrics.csv" ] && [ "$(wc -l < "$out/metrics.csv")" -gt "$epochs" ]; then continue; fi
  rm -rf "$out"
  "$sparsegpu" train --epochs "$epochs" --seed "$seed" --out "$out" --no-download --quiet "$@"
done
