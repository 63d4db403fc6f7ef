#!/usr/bin/env bash
# The first minutes on a GPU machine, in one command, with no .NET installed (the bundle of publish.sh carries it):
#   1. devices                      the device must be listed as usable
#   2. conformance tests            every engine test against the reference, on the device (a skip is a failure)
#   3. bench, batch 32 and 256      training speed of the default network, device and CPU
#   4. bench --suite linkpred       CH3-L3 scoring; the L3 path and selected-link counts must equal the CPU's
#   5. robustness                   the full default sweep of one trained model, device and CPU; every row's
#                                   accuracy within 0.005 and loss within 1% + 0.01 of the CPU's
#   6. quick study                  experiments/paper-study/quick.json on the device and on the CPU; each method's
#                                   mean final test accuracy within 0.01 of the CPU's (training diverges slowly
#                                   across engines, so this is looser than the evaluation checks)
# and writes gpu-check.md with the device's figures next to the CPU's. Exits 1 on the first mismatch or failure.
# Usage: run.sh [--device cuda] [--data DIR] [--out DIR] [--bin DIR] [--tiny]
#   --data    data directory with mnist/ (default $SPARSEGPU_DATA); --out results (default ./gpu-check-results)
#   --bin     folder holding sparsegpu and SparseGpu.GpuTests (default: bin/ beside this script, as unpacked)
#   --tiny    a small shape for rehearsing the whole script on a machine without a GPU (--device ilgpu-cpu)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
device=cuda
data=${SPARSEGPU_DATA:-}
out=$PWD/gpu-check-results
bin=$here/bin
tiny=0
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --tiny) tiny=1; shift ;;
    *) echo "run.sh: unknown argument '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
sparsegpu=$bin/sparsegpu
tests=$bin/SparseGpu.GpuTests
[ -x "$sparsegpu" ] && [ -x "$tests" ] || { echo "run.sh: no sparsegpu and SparseGpu.GpuTests in $bin" >&2; exit 2; }
[ -n "$data" ] && [ -d "$data/mnist" ] || { echo "run.sh: no mnist/ in the data directory '$data' (--data DIR)" >&2; exit 2; }
data=$(cd "$data" && pwd)
spec=$here/quick.json
[ -f "$spec" ] || spec=$here/../paper-study/quick.json
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/log.txt
: > "$log"
start=$(date +%s)

fail() { echo "GPU CHECK FAILED: $*" | tee -a "$log" >&2; exit 1; }
step() { echo "== $(( $(date +%s) - start )) s: $*" | tee -a "$log"; }
# run NAME COMMAND...: runs a command, keeping its output in $out/NAME.txt; fails the check if it fails.
run() {
  local name=$1; shift
  "$@" > "$out/$name.txt" 2> "$out/$name.err" || { cat "$out/$name.err" >&2; fail "$name: $* exited non-zero"; }
}

# The shape of each step: the real one on a GPU, a small one for the rehearsal.
if [ "$tiny" -eq 1 ]; then
  conformance=(SparseGpu.Tests.Engines.IlgpuCpuAcceleratorGroupReductionConformanceTests)
  bench=(--hidden 100,100,100 --widths 128 --scaling-samples 512 --epoch-samples 2048)
  linkpred_sizes=100,300
  train=(--hidden 100,100,100 --epochs 1 --train-limit 2000)
  robustness=(--levels 0:1:0.5 --epsilons 0:0.2:0.1 --repeats 1)
  study_spec=$out/tiny-study.json
  cat > "$study_spec" <<'JSON'
{ "name": "gpu-check-tiny", "datasets": ["mnist"], "methods": ["rlr", "ch3l3"], "seeds": [1],
  "training": { "epochs": 1, "train_limit": 2000, "hidden": [100, 100, 100] },
  "robustness": { "levels": "0:1:0.5", "epsilons": "0:0.2:0.1", "repeats": 1 } }
JSON
else
  case "$device" in
    cuda) conformance=(--no-skips SparseGpu.GpuTests.CudaConformanceTests) ;;
    opencl) conformance=(--no-skips SparseGpu.GpuTests.OpenClConformanceTests) ;;
    *) conformance=(SparseGpu.Tests.Engines.IlgpuCpuAcceleratorConformanceTests) ;;
  esac
  bench=(--widths 1000,4000 --scaling-samples 20000)
  linkpred_sizes=1000,10000,100000
  train=(--epochs 1)
  robustness=()
  study_spec=$spec
fi

step "devices"
run devices "$sparsegpu" devices
grep -Eq "^$device +yes" "$out/devices.txt" || { cat "$out/devices.txt" >&2; fail "no usable $device device"; }

step "conformance tests on $device"
run conformance "$tests" "${conformance[@]}"
tail -n 1 "$out/conformance.txt" | tee -a "$log"

for batch in 32 256; do
  for d in "$device" cpu; do
    step "bench batch $batch on $d"
    run "bench-$batch-$d" "$sparsegpu" bench --device "$d" --batch "$batch" --data-dir "$data" "${bench[@]}"
  done
done

for d in "$device" cpu; do
  step "bench linkpred on $d"
  run "linkpred-$d" "$sparsegpu" bench --suite linkpred --device "$d" --sizes "$linkpred_sizes"
done
# size, links, L3 paths and selected links: the scores are bit-identical across devices, so these must be equal.
counts() { awk '$1 ~ /^[0-9]+$/ && NF >= 7 { print $1, $2, $3, $4 }' "$1"; }
[ -n "$(counts "$out/linkpred-cpu.txt")" ] || fail "linkpred: no rows in $out/linkpred-cpu.txt"
[ "$(counts "$out/linkpred-$device.txt")" = "$(counts "$out/linkpred-cpu.txt")" ] \
  || fail "linkpred: path or selected-link counts differ between $device and cpu (see $out/linkpred-*.txt)"

step "training one model on cpu for the robustness sweep"
run train "$sparsegpu" train --device cpu --data-dir "$data" --no-download --quiet --out "$out/model" "${train[@]}"
for d in "$device" cpu; do
  step "robustness sweep on $d"
  rm -rf "$out/robustness-$d"
  run "robustness-$d" "$sparsegpu" robustness --model "$out/model/model.ckpt" --device "$d" --data-dir "$data" \
    --no-download --no-plots --out "$out/robustness-$d" "${robustness[@]}"
done
# Same model, same perturbations (seeded on the host): only the evaluation's arithmetic differs.
awk -F, 'NR == FNR { if (FNR > 1) { acc[$5 "," $6 "," $7] = $8; loss[$5 "," $6 "," $7] = $9 }; next }
  FNR > 1 { key = $5 "," $6 "," $7; n++
    if (!(key in acc)) { print "missing row " key; bad++; next }
    da = $8 - acc[key]; if (da < 0) da = -da
    dl = $9 - loss[key]; if (dl < 0) dl = -dl; ref = loss[key] < 0 ? -loss[key] : loss[key]
    if (da > 0.005 || dl > 0.01 + 0.01 * ref) { print "row " key ": accuracy " $8 " vs " acc[key] ", loss " $9 " vs " loss[key]; bad++ } }
  END { if (n == 0) { print "no rows"; bad++ }; exit bad > 0 }' \
  "$out/robustness-cpu/robustness.csv" "$out/robustness-$device/robustness.csv" > "$out/robustness-diff.txt" \
  || { cat "$out/robustness-diff.txt" >&2; fail "robustness: $device differs from cpu beyond tolerance"; }

for d in "$device" cpu; do
  step "quick study on $d"
  rm -rf "$out/study-$d"
  run "study-$d" "$sparsegpu" sweep --spec "$study_spec" --out "$out/study-$d" --device "$d" --data-dir "$data" --no-download
  run "study-aggregate-$d" "$sparsegpu" sweep aggregate --out "$out/study-$d"
done
awk -F, 'NR == FNR { if (FNR > 1) ref[$1 "," $2] = $4; next }
  FNR > 1 { key = $1 "," $2; n++
    if (!(key in ref)) { print "missing " key; bad++; next }
    d = $4 - ref[key]; if (d < 0) d = -d
    if (d > 0.01) { print key ": final accuracy " $4 " vs " ref[key]; bad++ } }
  END { if (n == 0) { print "no rows"; bad++ }; exit bad > 0 }' \
  "$out/study-cpu/aggregate/accuracy.csv" "$out/study-$device/aggregate/accuracy.csv" > "$out/study-diff.txt" \
  || { cat "$out/study-diff.txt" >&2; fail "quick study: $device differs from cpu beyond tolerance"; }

step "writing gpu-check.md"
line() { grep -m 1 "^$2" "$1" | sed -E "s/^$2 +//"; }
{
  echo "# GPU check: $device against cpu"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores; $( [ "$tiny" -eq 1 ] && echo 'tiny rehearsal shape' || echo 'full shape'), $(( $(date +%s) - start )) s in all."
  echo
  echo '```'; grep -E "^($device|cpu) " "$out/devices.txt"; echo '```'
  echo
  echo "Conformance on $device: $(tail -n 1 "$out/conformance.txt")"
  echo
  echo "| bench | $device | cpu |"
  echo "|---|---|---|"
  for batch in 32 256; do
    for key in training topology evaluation "per batch"; do
      echo "| batch $batch $key | $(line "$out/bench-$batch-$device.txt" "$key") | $(line "$out/bench-$batch-cpu.txt" "$key") |"
    done
  done
  echo
  echo "CH3-L3 scoring (size, links, L3 paths, selected, ms, ns/path, MiB), $device then cpu:"
  echo '```'; grep -E '^ +[0-9]' "$out/linkpred-$device.txt"; echo "--"; grep -E '^ +[0-9]' "$out/linkpred-cpu.txt"; echo '```'
  echo
  echo "Robustness sweep of one model: $(($(wc -l < "$out/robustness-cpu/robustness.csv") - 1)) rows, every one within tolerance."
  echo
  echo "Quick study, mean final test accuracy per data set and method ($device | cpu):"
  echo
  echo "| data set | method | $device | cpu |"
  echo "|---|---|---|---|"
  join -t, <(awk -F, 'FNR > 1 { print $1 "/" $2 "," $4 }' "$out/study-$device/aggregate/accuracy.csv" | sort) \
           <(awk -F, 'FNR > 1 { print $1 "/" $2 "," $4 }' "$out/study-cpu/aggregate/accuracy.csv" | sort) \
    | awk -F, '{ split($1, k, "/"); print "| " k[1] " | " k[2] " | " $2 " | " $3 " |" }'
  echo
  echo "Wall time per step: see log.txt."
} > "$out/gpu-check.md"
step "passed: $out/gpu-check.md"
