#!/usr/bin/env bash
# The cluster path, run for real on this machine: starts a single-node Slurm (munged, slurmctld and slurmd as root,
# with a minimal slurm.conf and its own munge key and socket in a temporary directory: nothing of the system's
# configuration is touched), submits slurm-array.sh as an array of 3 tasks over a tiny spec into one results
# directory, waits, runs `sweep aggregate`, and checks that
#   - every run of the spec completed, exactly once (one "complete" line in its log, one "completed" report
#     across the array's task logs, epochs 1..N once each in its metrics.csv), and
#   - each run's metrics.csv and robustness.csv equal those of the same spec run with `sweep` alone (wall-clock
#     columns and model paths aside).
# The daemons it started are stopped on exit, whatever happens (trap), and every wait is bounded.
#
# Usage: slurm-local.sh [--sparsegpu PROGRAM] [--data DIR] [--work DIR] [--timeout SECONDS] [--keep]
#   --sparsegpu  a built sparsegpu (default: build it with experiments/lib/build.sh)
#   --data       data directory with MNIST (default: $SPARSEGPU_DATA)
#   --work       where the Slurm state, logs and results go (default: a new temporary directory)
#   --timeout    the most seconds the array may take (default 300)
#   --keep       keep the work directory (default: removed when everything passed)
# Needs root and Debian's slurm-wlm and munge (.ci/setup.d/slurm.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:/usr/sbin:/sbin"

sparsegpu="" data="${SPARSEGPU_DATA:-}" work="" timeout_s=300 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sparsegpu) sparsegpu=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "slurm-local: unknown option $1" >&2; exit 2 ;;
  esac
done
fail() { echo "slurm-local: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmctld and slurmd run as root here)"
for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$tool" >/dev/null || fail "$tool not found; install slurm-wlm and munge (.ci/setup.d/slurm.sh)"
done
[ -n "$data" ] || fail "no data directory: give --data DIR or set SPARSEGPU_DATA"
[ -n "$sparsegpu" ] || sparsegpu=$("$here/../lib/build.sh")
sparsegpu=$(readlink -f "$sparsegpu")
data=$(readlink -f "$data")
[ -x "$sparsegpu" ] || fail "$sparsegpu is not an executable sparsegpu"
if [ -z "$work" ]; then work=$(mktemp -d /tmp/sparsegpu-slurm.XXXXXX); else mkdir -p "$work"; work=$(readlink -f "$work"); fi
chmod 755 "$work"

pids=()
cleanup() {
  status=$?
  # Jobs first (their tasks are children of slurmd), then the daemons this script started, newest first.
  if [ -f "$work/slurm.conf" ] && [ "${#pids[@]}" -gt 0 ]; then
    SLURM_CONF="$work/slurm.conf" timeout 10 scancel --quiet --user=root >/dev/null 2>&1 || true
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "slurm-local: failed; logs in $work" >&2
    for log in "$work"/munge/munged.out "$work"/slurmctld.log "$work"/slurmd.log "$work"/logs/*.log; do
      [ -f "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$log" >&2; }
    done
  elif [ "$keep" -eq 0 ]; then
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# munge: our own key, socket, pid and log files under $work.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs"
chmod 755 "$work/munge" # munged wants its socket's directory searchable by all
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" >"$work/munge/munged.out" 2>&1 &
pids+=($!)

# A random pair of ports, so a system Slurm (or a second run of this script) is not disturbed; the loopback
# address, so nothing depends on how this machine's name resolves.
port=$((20000 + RANDOM % 20000))
host=$(hostname -s)
cat > "$work/slurm.conf" <<EOF
ClusterName=sparsegpu-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not start"
slurmctld -D -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 150); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then ready=1; break; fi
  sleep 0.2
done
[ "$ready" -eq 1 ] || fail "the Slurm node did not come up within 30 s"
echo "slurm-local: single-node Slurm up on $host (port $port)"

# A tiny spec: 3 runs (one per method), two epochs on 600 images, a small robustness sweep.
spec="$work/tiny.json"
cat > "$spec" <<'EOF'
{
  "name": "slurm-local",
  "datasets": ["mnist"],
  "methods": ["rlr", "ch3l3", "none"],
  "seeds": [1],
  "training": { "epochs": 2, "train_limit": 600, "hidden": [40, 30], "density": 0.1, "batch_size": 20 },
  "robustness": { "perturbations": ["random", "weight-order"], "levels": "0,0.5,1", "repeats": 1 },
  "device": "cpu"
}
EOF
results="$work/results"
# The array script as a cluster user submits it, with its GPU and memory requests overridden for this CPU-only node
# (command-line options take precedence over #SBATCH lines).
start=$(date +%s)
job=$(SPARSEGPU="$sparsegpu" SPEC="$spec" RESULTS="$results" SPARSEGPU_DATA="$data" \
  sbatch --parsable --array=0-2 --gres=none --mem=0 --cpus-per-task=1 --time=00:10:00 \
    --output="$work/logs/task-%A_%a.log" --chdir="$work" "$here/slurm-array.sh")
job=${job%%;*}
echo "slurm-local: submitted array job $job (3 tasks)"
while squeue -h -j "$job" 2>/dev/null | grep -q .; do
  [ $(( $(date +%s) - start )) -lt "$timeout_s" ] || fail "the array did not finish within $timeout_s s"
  sleep 1
done
echo "slurm-local: array finished in $(( $(date +%s) - start )) s"

# Every task succeeded.
states=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c || true)
failed_tasks=$(grep -L 'completed, 0 already complete' "$work"/logs/task-*.log || true)
[ "$(ls "$work"/logs/task-*.log | wc -l)" -eq 3 ] || fail "expected 3 task logs, found $(ls "$work"/logs | wc -l)"
[ -z "$failed_tasks" ] || fail "tasks without a clean summary: $failed_tasks ($states)"

"$sparsegpu" sweep aggregate --out "$results" >"$work/aggregate.md" 2>"$work/aggregate.err" \
  || fail "sweep aggregate failed: $(tail -n 1 "$work/aggregate.err")"
"$sparsegpu" sweep status --out "$results" >"$work/status.txt"
tail -n 1 "$work/status.txt" | grep -qx 'done 3, running 0, failed 0, pending 0 (of 3)' \
  || fail "not every run is done: $(tail -n 1 "$work/status.txt")"

# The same spec with `sweep` alone, for comparison.
"$sparsegpu" sweep --spec "$spec" --out "$work/alone" --data-dir "$data" --no-download --threads 1 >/dev/null 2>&1 \
  || fail "the plain sweep failed"

without_times() { awk -F, 'BEGIN { OFS = "," } NR > 1 { $7 = $8 = $9 = "" } { print }' "$1"; }
without_model() { cut -d, -f2- "$1"; }
checked=0
for run in "$results"/runs/*/; do
  id=$(basename "$run")
  [ "$(grep -c ' complete$' "$run/log.txt")" -eq 1 ] || fail "$id: completed $(grep -c ' complete$' "$run/log.txt") times"
  [ "$(cat "$work"/logs/task-*.log | grep -c "$id: completed")" -eq 1 ] || fail "$id: reported completed by more or fewer than one task"
  epochs=$(cut -d, -f1 "$run/metrics.csv" | tail -n +2 | tr '\n' ' ')
  [ "$epochs" = "1 2 " ] || fail "$id: epochs in metrics.csv are '$epochs', expected '1 2 '"
  cmp -s <(without_times "$run/metrics.csv") <(without_times "$work/alone/runs/$id/metrics.csv") \
    || fail "$id: metrics differ from the plain sweep's"
  cmp -s <(without_model "$run/robustness/robustness.csv") <(without_model "$work/alone/runs/$id/robustness/robustness.csv") \
    || fail "$id: robustness differs from the plain sweep's"
  checked=$((checked + 1))
done
[ "$checked" -eq 3 ] || fail "expected 3 run folders, found $checked"
echo "slurm-local: 3 runs completed once each by the array; metrics and robustness equal the plain sweep's"
if [ "$keep" -eq 1 ]; then echo "slurm-local: results and aggregate in $results"; fi
