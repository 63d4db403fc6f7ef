#!/usr/bin/env bash
# The topology-evolution experiment of RESULTS.md's "Structure" section: MNIST, RLR / CH3L3 / static, seed 1, the
# study's protocol (20 epochs, defaults otherwise), a snapshot of the topology after every epoch (and before the
# first), then `analyze --runs` for evolution.csv and evolution.png. Run from the repository root:
#   nice -n 10 experiments/paper-study/structure/run-snapshots.sh
set -euo pipefail
out=experiments/paper-study/structure/results/snapshots
cli=(dotnet src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu.dll)
export SPARSEGPU_DATA="${SPARSEGPU_DATA:-/work/shared/datasets}"
for method in rlr ch3l3 none; do
  run="$out/runs/mnist-$method-seed1"
  if [ -f "$run/model.ckpt" ] && [ -f "$run/snapshots/epoch-0020.snap" ]; then continue; fi
  resume=()
  [ -f "$run/model.ckpt" ] && resume=(--resume "$run/model.ckpt")
  "${cli[@]}" train --dataset mnist --method "$method" --seed 1 --epochs 20 --snapshot-every 1 --no-download \
    --out "$run" "${resume[@]}" 2>&1 | tee -a "$out/train-$method.log"
done
"${cli[@]}" analyze --runs "$out/runs/mnist-rlr-seed1" --runs "$out/runs/mnist-ch3l3-seed1" --runs "$out/runs/mnist-none-seed1" \
  --out "$out/analysis"
