#!/usr/bin/env bash
# Trains the one-million-hidden-neuron network (784 -> 3 x 333,333 -> 10, 10 links per neuron in every sparse
# layer: 10M sparse links plus a 3.3M-link read-out) on MNIST for a few epochs and times everything.
# Usage: experiments/million-neurons/run.sh [METHOD...] [-- TRAIN OPTIONS...]
#   METHOD: rlr (default) and/or ch3l3. Results: results/<method>/ (metrics.csv has accuracy and seconds per
#   epoch); rerunning resumes an interrupted run. Data from $SPARSEGPU_DATA. 9-15 minutes per epoch on a
#   2-core machine (see README), plus about 1-2 minutes per CH3L3 topology update. The robustness sweep is the
#   default one (693 evaluations, about 3.5 hours; see README) unless ROBUSTNESS_OPTIONS says otherwise, e.g.
#   ROBUSTNESS_OPTIONS="--perturbations reverse-weight-order,weight-order,random --repeats 1" (63, about 16 minutes).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
methods=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do methods+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ "${#methods[@]}" -gt 0 ] || methods=(rlr)
sparsegpu=$("$here/../lib/build.sh") || exit 1
epochs=${EPOCHS:-3}

"$sparsegpu" bench --widths 333333 --fan-in 10 --no-ch3l3 --epoch-samples 2000 | tee "$here/bench.txt"
status=0
for method in "${methods[@]}"; do
  out="$here/results/$method"
  start=$(date +%s)
  if [ -f "$out/model.ckpt" ]; then
    "$sparsegpu" train --resume "$out/model.ckpt" --epochs "$epochs" --no-download "$@" || status=1
  else
    "$sparsegpu" train --hidden 333333,333333,333333 --fan-in 10 --method "$method" --epochs "$epochs" \
      --out "$out" --no-download "$@" || status=1
  fi
  echo "$method: $(( $(date +%s) - start )) s in all; per epoch: see $out/metrics.csv (train_seconds, topology_seconds, eval_seconds)"
  start=$(date +%s)
  # shellcheck disable=SC2086 # ROBUSTNESS_OPTIONS is a list of options
  "$sparsegpu" robustness --model "$out/model.ckpt" --out "$out/robustness" --no-download ${ROBUSTNESS_OPTIONS:-} \
    || status=1
  echo "$method: robustness sweep $(( $(date +%s) - start )) s"
done
exit $status
