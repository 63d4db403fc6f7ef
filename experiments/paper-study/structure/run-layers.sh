#!/usr/bin/env bash
# Issue 10 §2 on the study's models: which sparse layer is the weak point? Each model is swept under random removal
# (REPEATS, default 2) and largest-first (weight-order) removal with only one sparse layer perturbed at a time (--layers K),
# levels 0, 0.1, ..., 1 (LEVELS, REPEATS override), on the full test set. Usage (repository root): run-layers.sh OUT MODEL...
set -euo pipefail
out="$1"; shift
cli=(dotnet src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu.dll)
export SPARSEGPU_DATA="${SPARSEGPU_DATA:-/work/shared/datasets}"
models=()
for m in "$@"; do models+=(--model "$m"); done
for layer in 1 2 3; do
  [ -f "$out/layer$layer/robustness.csv" ] && continue
  "${cli[@]}" robustness "${models[@]}" --perturbations random,weight-order --levels "${LEVELS:-0:1:0.1}" --repeats "${REPEATS:-2}" \
    --layers "$layer" --no-download --out "$out/layer$layer" --quiet
done
