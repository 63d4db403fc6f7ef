#!/usr/bin/env bash
# The tables behind RESULTS.md's "Does structure explain robustness?", from the study's 15 MNIST models (full.json's
# MNIST runs: RLR, CH3L3, static × seeds 1–5; ../../removal-protocol/sparse-models.json trains the same run ids,
# bit for bit on the CPU path). Writes, beside this script:
#   models-structure.csv   `sparsegpu analyze`'s structure.csv of the 15 models (model = the run folder's name)
#   models-robustness.csv  `sparsegpu robustness`'s summary.csv under random and smallest-first
#                          (reverse-weight-order) removal with the study's defaults: 21 levels, 10 repeats, each
#                          model's training seed (model = the run folder's name)
#   correlations.csv       correlations.py's fixed-criteria correlations with their bootstrap intervals
# Usage (repository root): run-correlations.sh RUNS_DIR WORK_DIR
#   RUNS_DIR  a sweep's runs/ folder holding the mnist-{rlr,ch3l3,none}-seed{1..5}-* run folders with model.ckpt
#   WORK_DIR  where analyze and robustness write their own outputs
#   SPARSEGPU_CLI  the program to run [default: dotnet src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu.dll]
#   PYTHON         a python3 with numpy and scipy (Debian's, as CI installs it) [default: python3]
set -euo pipefail
runs="$1"; work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
read -r -a cli <<< "${SPARSEGPU_CLI:-dotnet src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu.dll}"
export SPARSEGPU_DATA="${SPARSEGPU_DATA:-/work/shared/datasets}"
models=()
for run in "$runs"/mnist-{rlr,ch3l3,none}-seed[1-5]-*; do models+=(--model "$run/model.ckpt"); done
[ "${#models[@]}" -eq 30 ] || { echo "run-correlations.sh: expected 15 run folders in $runs" >&2; exit 1; }
"${cli[@]}" analyze "${models[@]}" --no-plots --out "$work/analysis"
"${cli[@]}" robustness "${models[@]}" --perturbations random,reverse-weight-order --no-plots --no-download --quiet \
  --out "$work/robustness"
# The tables name each model by its run folder, not by this machine's path to it.
run_name='s#^[^,]*/\([^/,]*\)/model\.ckpt,#\1,#'
sed "$run_name" "$work/analysis/structure.csv" > "$here/models-structure.csv"
sed "$run_name" "$work/robustness/summary.csv" > "$here/models-robustness.csv"
"${PYTHON:-python3}" "$here/correlations.py"
