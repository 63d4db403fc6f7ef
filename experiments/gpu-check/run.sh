#!/usr/bin/env bash
# The first minutes on a GPU machine, in one command, with no .NET installed (the bundle of publish.sh carries it).
# Steps, most valuable first, each under its own timeout; after each one its status line and results are appended to
# gpu-check.md, so a call cut short still returns everything done so far. A failed or timed-out step is recorded and
# the run goes on; the summary at the end lists every failure and the script then exits 1.
#    machine             uname, cores, memory; nvidia-smi --query-gpu, CUDA version, MIG mode; nvidia-smi -q to a file
#    devices             the device must be listed as usable (its line names the PTX ISA ILGPU compiles for)
#    conformance-smoke   the first case of every conformance test method, on the device
#    bench-32-DEVICE     training speed of the default network at batch 32
#    linkpred-DEVICE     CH3-L3 scoring of square layers
#    conformance-full    every engine conformance test on the device (a skip is a failure: it means no device)
#    conformance-packed  packed training on the device against lone runs, byte for byte (metrics, checkpoints)
#    bench-256-DEVICE    batch 256
#    robustness-DEVICE   a robustness sweep (11 levels, 11 epsilons, 3 repeats) of models/default (from publish.sh)
#    bench-pack-DEVICE   bench --pack 1,4,16,32: K default networks in the same launches, samples/s per network
#                        and in all
#  and only then the CPU: linkpred-cpu (path and selected-link counts must equal the device's), robustness-cpu (every
#  row's accuracy within 0.005 and loss within 1% + 0.01 of the device's), bench on the cpu at 32 and 256, and the
#  study (study.json: MNIST and Fashion-MNIST, whichever the data directory holds) on the device and on the cpu
#  (each method's mean final test accuracy within 0.01: training drifts slowly between engines).
# Usage: run.sh [--device cuda] [--data DIR] [--out DIR] [--bin DIR] [--models DIR] [--budget S] [--tiny]
#   --data    data directory with mnist/ (and fashion-mnist/); default $SPARSEGPU_DATA. Without one, bench times
#             random images, robustness uses the MNIST subset inside the program, and the study does not run.
#   --out     results; default $OUT when it is set, else ./gpu-check-results
#   --bin     folder holding sparsegpu and SparseGpu.GpuTests (default: bin/ beside this script, as unpacked)
#   --models  folder holding default/ and tiny/ model.ckpt (default: models/ beside this script)
#   --budget  seconds for the whole run (default 540, for a 10-minute call; 0: none): each step's timeout is cut to
#             what is left, and steps that find under 5 s left are recorded as not run
#   --tiny    small shapes, for rehearsing the whole script on a machine without a GPU (--device ilgpu-cpu)
# Test-only: SPARSEGPU_GPU_CHECK_INJECT=fail,hang adds a step that fails and one that hangs (killed by its 15 s
# timeout) right after devices, to show that the run goes on and the summary lists both.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
device=cuda
data=${SPARSEGPU_DATA:-}
out=${OUT:-$PWD/gpu-check-results}
bin=$here/bin
models=$here/models
budget=540
tiny=0
while [ $# -gt 0 ]; do
  case "$1" in
    --device | --data | --out | --bin | --models | --budget)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2 ;;
    --tiny) tiny=1; shift ;;
    *) echo "run.sh: unknown argument '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
[[ "$budget" =~ ^[0-9]+$ ]] || { echo "run.sh: --budget '$budget' is not a whole number of seconds" >&2; exit 2; }
sparsegpu=$bin/sparsegpu
tests=$bin/SparseGpu.GpuTests
[ -x "$sparsegpu" ] && [ -x "$tests" ] || { echo "run.sh: no sparsegpu and SparseGpu.GpuTests in $bin" >&2; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || { echo "run.sh: cannot create the output folder '$out'" >&2; exit 2; }
report=$out/gpu-check.md
start=$(date +%s)

# .NET needs ICU unless told to do without; a bare driver image may lack it, and then nothing would run at all.
icu_note=""
if [ -z "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" ] && ! ldconfig -p 2> /dev/null | grep -q libicuuc; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  icu_note="No libicu on this machine: .NET runs with invariant globalization."
fi

data_args=()
if [ -n "$data" ] && [ -d "$data/mnist" ]; then
  data=$(cd "$data" && pwd)
  data_args=(--data-dir "$data")
  data_note="data: $data ($(cd "$data" && ls -d mnist fashion-mnist 2> /dev/null | xargs))"
else
  data_note="data: none with mnist/ ('$data'): bench times random images, robustness uses the bundled MNIST subset"
  data=""
fi

# The shape of each step: the real one on a GPU, a small one for the rehearsal.
case "$device" in
  cuda) conformance=SparseGpu.GpuTests.CudaConformanceTests packed=SparseGpu.GpuTests.CudaPackedTrainingTests ;;
  opencl)
    conformance=SparseGpu.GpuTests.OpenClConformanceTests packed=SparseGpu.GpuTests.OpenClPackedTrainingTests ;;
  *)
    conformance=SparseGpu.Tests.Engines.IlgpuCpuAcceleratorConformanceTests
    packed=SparseGpu.Tests.Engines.IlgpuCpuAcceleratorPackedTrainingTests ;;
esac
packed=(--no-skips "$packed")
full=(--no-skips "$conformance")
if [ "$tiny" -eq 1 ]; then
  # The whole class takes about 10 minutes on the ILGPU CPU accelerator of a loaded 2-core machine: the rehearsal's
  # "full" step runs the first case of each method of the other ILGPU CPU binding instead.
  full=(--no-skips --smoke "$conformance")
  conformance=SparseGpu.Tests.Engines.IlgpuCpuAcceleratorGroupReductionConformanceTests
  bench=(--hidden 100,100,100 --widths 128 --scaling-samples 256 --epoch-samples 512 --no-ch3l3)
  # Each of the 6 packed-training tests trains up to 6 small runs and took up to 118 s on the ILGPU CPU
  # accelerator of the loaded 2-core machine: the rehearsal runs the fast CPU path's binding of the class (the
  # runner, the class and the counting are what it rehearses; CI runs the ILGPU one). The pack bench: 50-wide
  # networks, one warm-up and two timed batches of 16 (100-wide at batch 32 took over 120 s for K = 1 to 32 there).
  packed=(--no-skips SparseGpu.Tests.Engines.CpuPackedTrainingTests)
  pack=(--hidden 50,50,50 --batch-size 16 --epoch-samples 32)
  linkpred_sizes=100,300
  model=$models/tiny/model.ckpt
  robustness=(--perturbations random,fgsm --levels 0:1:0.5 --epsilons 0:0.2:0.2 --repeats 1)
  study_shape='s/"epochs": [0-9]*, "train_limit": [0-9]*/"epochs": 1, "train_limit": 300, "hidden": [100, 100, 100]/;
    s/"methods": \[[^]]*\]/"methods": ["rlr"]/; s/"levels": "[^"]*"/"perturbations": ["random"], "levels": "0:1:0.5"/'
else
  bench=(--widths 1000,4000 --scaling-samples 20000)
  # 512 samples per network (5 warm-up batches, then 16 timed): at the performance model's figures a few
  # milliseconds of training per K, and inside the step's 120 s even at a whole second per batch of the pack, so
  # the step cannot eat the later steps' budget; 64 would time only two batches of each network.
  pack=(--batch-size 32 --epoch-samples 512)
  linkpred_sizes=1000,10000,100000
  model=$models/default/model.ckpt
  robustness=(--levels 0:1:0.1 --epsilons 0:0.2:0.02 --repeats 3)
  study_shape=''
fi

# step NAME SECONDS COMMAND...: runs COMMAND (a program, or a helper below) under its own timeout (cut to what
# --budget leaves), keeping its output in NAME.txt and NAME.err, then appends its status and results to gpu-check.md.
failures=()
steps=0
step() {
  local name=$1 limit=$2
  shift 2
  steps=$((steps + 1))
  local elapsed_total=$(($(date +%s) - start))
  if [ "$budget" -gt 0 ]; then
    local left=$((budget - elapsed_total))
    if [ "$left" -lt 5 ]; then
      record "$name" "NOT RUN (budget of $budget s spent)" 0
      return 1
    fi
    [ "$left" -lt "$limit" ] && limit=$left
  fi
  echo "== ${elapsed_total} s: $name (timeout $limit s)" >&2
  local began rc status
  began=$(date +%s.%N)
  if declare -F "$1" > /dev/null; then
    timeout -k 5 "$limit" bash -c "$1 \"\$@\"" _ "${@:2}" > "$out/$name.txt" 2> "$out/$name.err"
  else
    timeout -k 5 "$limit" "$@" > "$out/$name.txt" 2> "$out/$name.err"
  fi
  rc=$?
  local seconds
  seconds=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  case "$rc" in
    0) status=ok ;;
    124 | 137) status="TIMED OUT after $limit s" ;;
    *) status="FAILED (exit $rc)" ;;
  esac
  record "$name" "$status" "$seconds"
  [ "$rc" -eq 0 ]
}
# record NAME STATUS SECONDS: the step's status line, then what it measured, appended to gpu-check.md.
record() {
  local name=$1 status=$2 seconds=$3
  [ "$status" = ok ] || failures+=("$name: $status")
  {
    echo "### $steps. $name: $status, $seconds s"
    echo
    [ -f "$out/$name.txt" ] && results "$name"
    if [ "$status" != ok ] && [ -s "$out/$name.err" ]; then
      echo "stderr (last lines):"
      echo '```'; tail -n 5 "$out/$name.err"; echo '```'
    fi
    echo
  } >> "$report"
  echo "   $name: $status, $seconds s" >&2
}
# results NAME: the figures of a finished (or cut-short) step, from NAME.txt.
results() {
  local file=$out/$1.txt
  case "$1" in
    conformance-*)
      # One line per finished test: a run cut short by its timeout still has its counts.
      echo "$(grep -c '^  passed' "$file") passed, $(grep -c '^  FAILED' "$file") failed," \
        "$(grep -c '^  skipped' "$file") skipped of $(grep -m 1 -o '[0-9]* tests$' "$file" || echo '?')"
      grep -E '^  (FAILED|skipped)' "$file" | head -n 20 | sed 's/^  /- /'
      ;;
    robustness-*) echo '```'; tail -n 12 "$file"; echo '```' ;;
    bench-pack-*)
      # The table comes at the end; a run cut short still logged each finished K's figure.
      if [ -s "$file" ]; then echo '```'; cat "$file"; echo '```'; else
        echo "cut short; the packs that finished:"
        echo '```'; grep -E '^bench --pack: [0-9]+ networks:' "$out/$1.err"; echo '```'
      fi ;;
    *) [ -s "$file" ] && { echo '```'; cat "$file"; echo '```'; } ;;
  esac
}

# The steps' helpers, run by `timeout` in a child bash.
machine() {
  echo "host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  grep -m 1 'model name' /proc/cpuinfo | sed 's/^model name\s*: /cpu: /'
  echo "libraries: $(ldconfig -p 2> /dev/null | grep -oE 'lib(cuda|OpenCL|icuuc)\.so[.0-9]*' | sort -u | xargs)"
  command -v nvidia-smi > /dev/null || { echo "nvidia-smi: not found"; [ "$2" != cuda ]; return; }
  nvidia-smi -q > "$1/nvidia-smi-q.txt" 2>&1
  nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,clocks.max.mem,driver_version --format=csv
  nvidia-smi --query-gpu=mig.mode.current --format=csv,noheader | sed 's/^/MIG mode: /'
  nvidia-smi | grep -o 'CUDA Version: [0-9.]*'
  echo "(nvidia-smi -q: nvidia-smi-q.txt)"
}
devices() {
  local listing
  listing=$("$1" devices) || return 1
  echo "$listing"
  grep -Eq "^$2 +yes" <<< "$listing" || { echo "no usable $2 device" >&2; return 1; }
}
hang() { sleep 100000; }
# Same sizes, same links: the L3 path and selected-link counts are exact, so they must be equal.
compare_linkpred() {
  counts() { awk '$1 ~ /^[0-9]+$/ && NF >= 7 { print $1, $2, $3, $4 }' "$1"; }
  [ -n "$(counts "$2")" ] || { echo "no rows in $2" >&2; return 1; }
  if [ "$(counts "$1")" = "$(counts "$2")" ]; then echo "path and selected-link counts equal"; else
    echo "counts differ:"; diff <(counts "$1") <(counts "$2"); return 1
  fi
}
# Same model, same perturbations (seeded on the host): only the evaluation's arithmetic differs.
compare_robustness() {
  awk -F, 'NR == FNR { if (FNR > 1) { acc[$5 "," $6 "," $7] = $8; loss[$5 "," $6 "," $7] = $9 }; next }
    FNR > 1 { key = $5 "," $6 "," $7; n++
      if (!(key in acc)) { print "missing row " key; bad++; next }
      da = $8 - acc[key]; if (da < 0) da = -da
      dl = $9 - loss[key]; if (dl < 0) dl = -dl; ref = loss[key] < 0 ? -loss[key] : loss[key]
      if (da > 0.005 || dl > 0.01 + 0.01 * ref) {
        print "row " key ": accuracy " $8 " vs " acc[key] ", loss " $9 " vs " loss[key]; bad++ } }
    END { if (n == 0) { print "no rows"; bad++ } else print n " rows, " bad + 0 " beyond tolerance"; exit bad > 0 }' \
    "$2" "$1"
}
compare_study() {
  echo "| data set | method | device | cpu |"
  echo "|---|---|---|---|"
  join -t, <(awk -F, 'FNR > 1 { print $1 "/" $2 "," $4 }' "$1" | sort) \
    <(awk -F, 'FNR > 1 { print $1 "/" $2 "," $4 }' "$2" | sort) \
    | awk -F, '{ split($1, k, "/"); d = $2 - $3; if (d < 0) d = -d; if (d > 0.01) bad++
        print "| " k[1] " | " k[2] " | " $2 " | " $3 " |" (d > 0.01 ? " beyond 0.01" : "") ; n++ }
      END { if (n == 0) print "no rows"; exit n == 0 || bad > 0 }'
}
study() {
  local spec=$1 folder=$2 d=$3
  shift 3
  rm -rf "$folder"
  "$sparsegpu" sweep --spec "$spec" --out "$folder" --device "$d" --no-download "$@" \
    && "$sparsegpu" sweep aggregate --out "$folder"
}
export -f machine devices hang compare_linkpred compare_robustness compare_study study
export sparsegpu

{
  echo "# GPU check: $device"
  echo
  shape=$([ "$tiny" -eq 1 ] && echo 'tiny rehearsal shapes' || echo 'full shapes')
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC; $shape; budget $budget s; $data_note.${icu_note:+ $icu_note}"
  echo "Each step: its status line, then its figures (every step's full output: STEP.txt beside this file)."
  echo
} > "$report"

step machine 30 machine "$out" "$device"
step devices 60 devices "$sparsegpu" "$device"
case ",${SPARSEGPU_GPU_CHECK_INJECT:-}," in *,fail,*) step injected-fail 15 false ;; esac
case ",${SPARSEGPU_GPU_CHECK_INJECT:-}," in *,hang,*) step injected-hang 15 hang ;; esac
step conformance-smoke 60 "$tests" --no-skips --smoke "$conformance"
step "bench-32-$device" 150 "$sparsegpu" bench --device "$device" --batch-size 32 "${data_args[@]}" "${bench[@]}"
step "linkpred-$device" 120 "$sparsegpu" bench --suite linkpred --device "$device" --sizes "$linkpred_sizes"
step conformance-full 240 "$tests" "${full[@]}"
step conformance-packed 120 "$tests" "${packed[@]}"
step "bench-256-$device" 120 "$sparsegpu" bench --device "$device" --batch-size 256 "${data_args[@]}" "${bench[@]}"
rm -rf "$out/robustness-$device" "$out/robustness-cpu"
step "robustness-$device" 150 "$sparsegpu" robustness --model "$model" --device "$device" "${data_args[@]}" \
  --no-download --no-plots --out "$out/robustness-$device" "${robustness[@]}"
step "bench-pack-$device" 120 "$sparsegpu" bench --pack 1,4,16,32 --device "$device" "${data_args[@]}" "${pack[@]}"

# Only now the CPU, for the comparisons.
step linkpred-cpu 120 "$sparsegpu" bench --suite linkpred --device cpu --sizes "$linkpred_sizes"
step compare-linkpred 30 compare_linkpred "$out/linkpred-$device.txt" "$out/linkpred-cpu.txt"
step robustness-cpu 150 "$sparsegpu" robustness --model "$model" --device cpu "${data_args[@]}" \
  --no-download --no-plots --out "$out/robustness-cpu" "${robustness[@]}"
step compare-robustness 30 compare_robustness "$out/robustness-$device/robustness.csv" \
  "$out/robustness-cpu/robustness.csv"
step bench-32-cpu 120 "$sparsegpu" bench --device cpu --batch-size 32 "${data_args[@]}" "${bench[@]}"
step bench-256-cpu 120 "$sparsegpu" bench --device cpu --batch-size 256 "${data_args[@]}" "${bench[@]}"

if [ -n "$data" ]; then
  # The study's data sets, less those the data directory lacks (the device cannot download).
  sets=$(cd "$data" && for s in mnist fashion-mnist; do [ -d "$s" ] && printf '"%s", ' "$s"; done)
  sed -E "s/\"datasets\": \[[^]]*\]/\"datasets\": [${sets%, }]/; $study_shape" "$here/study.json" > "$out/study.json"
  step "study-$device" 240 study "$out/study.json" "$out/study-$device" "$device" "${data_args[@]}"
  step study-cpu 240 study "$out/study.json" "$out/study-cpu" cpu "${data_args[@]}"
  step compare-study 30 compare_study "$out/study-$device/aggregate/accuracy.csv" \
    "$out/study-cpu/aggregate/accuracy.csv"
else
  steps=$((steps + 1))
  record study "NOT RUN (no data directory with mnist/: --data DIR)" 0
fi

total=$(($(date +%s) - start))
{
  echo "## Summary: $steps steps in $total s, ${#failures[@]} not ok"
  echo
  for f in "${failures[@]}"; do echo "- $f"; done
} >> "$report"
echo "$report: $steps steps in $total s, ${#failures[@]} not ok" >&2
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'GPU CHECK: %s\n' "${failures[@]}" >&2
  exit 1
fi
