#!/bin/bash
# Example Slurm job array for the full study: each array task runs one shard of the spec into a results
# directory shared by all nodes. Shards are disjoint; finished runs are skipped and interrupted ones resume, so
# resubmitting the array (or a failed task) continues where it stopped.
#   sbatch experiments/paper-study/slurm-array.sh
#   then, when every task has ended:  sparsegpu sweep aggregate --out "$RESULTS"
# The program is the self-contained build (dotnet publish -c Release -r linux-x64 --self-contained
# src/SparseGpu.Cli) copied to the cluster; SPARSEGPU_DATA points at data sets downloaded beforehand
# (sparsegpu data download NAME), since compute nodes often have no internet.
#SBATCH --job-name=sparsegpu-study
#SBATCH --array=0-19
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=4
#SBATCH --mem=16G
#SBATCH --time=04:00:00
#SBATCH --output=sparsegpu-study-%A_%a.log
set -euo pipefail
SPARSEGPU=${SPARSEGPU:-$HOME/sparsegpu/sparsegpu}
SPEC=${SPEC:-$HOME/sparsegpu/experiments/paper-study/full.json}
RESULTS=${RESULTS:-/shared/sparsegpu/paper-study}
export SPARSEGPU_DATA=${SPARSEGPU_DATA:-/shared/sparsegpu/datasets}

"$SPARSEGPU" sweep --spec "$SPEC" --out "$RESULTS" --no-download \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"
