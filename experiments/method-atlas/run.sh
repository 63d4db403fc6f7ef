#!/usr/bin/env bash
# Runs the method atlas (CRITERIA.md) in the order CRITERIA.md gives when the design does not fit in one go:
#   run.sh OUT_DIR [STAGE...]      STAGE: mnist-sparse, fashion-sparse, dense, structure (default: all, in order)
# Each stage trains its models with `sweep run` (a finished run is skipped, an interrupted one resumes), then puts
# every model of a (data set, method) through one robustness run: the default perturbations plus neuron-random and
# the static in-degree attack, levels 0:1:0.05, 5 repeats, no compensation, --measures all for the sparse models
# and none for the dense ones (CRITERIA.md's amendment of 2026-12-07 15:20) (a complete robustness.json is skipped;
# an interrupted one resumes). `structure` runs `analyze` on every trained model.
# Layout: OUT_DIR/models/<spec>/runs/<run>/model.ckpt, OUT_DIR/sweeps/<dataset>-<method>/,
# OUT_DIR/structure/<dataset>-<method>/. Timings go to OUT_DIR/timings.csv.
# Environment: SPARSEGPU (the program; default `sparsegpu` on PATH), SPARSEGPU_DATA (the IDX files).
set -euo pipefail
if [[ $# -lt 1 ]]; then
    echo "usage: run.sh OUT_DIR [mnist-sparse|fashion-sparse|dense|structure ...]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$1
shift
stages=("$@")
[[ ${#stages[@]} -gt 0 ]] || stages=(mnist-sparse fashion-sparse dense structure)
program=${SPARSEGPU:-sparsegpu}
perturbations=random,weight-order,reverse-weight-order,shuffle,noise,fgsm,neuron-random,neuron-in-degree
mkdir -p "$out"
[[ -f $out/timings.csv ]] || echo "step,seconds,finished_utc" >"$out/timings.csv"

timed() { # NAME COMMAND...: runs the command and appends its wall time to timings.csv
    local name=$1 start=$SECONDS
    shift
    echo "$name: started $(date -u +%H:%M:%S)"
    "$@"
    echo "$name,$((SECONDS - start)),$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$out/timings.csv"
}

train() { # SPEC: trains the spec's models into OUT_DIR/models/SPEC
    timed "train-$1" "$program" sweep run --spec "$here/$1.json" --out "$out/models/$1" --no-download \
        --progress-every 600
}

sweep() { # SPEC DATASET METHOD RUN-METHOD: one robustness run over the spec's models of that data set and method
    local target=$out/sweeps/$2-$3 measures=(--measures all)
    [[ $3 == dense ]] && measures=() # no question reads a dense network's graph measures (CRITERIA.md)
    if grep -qs '"complete": true' "$target/robustness.json"; then
        echo "sweep $2-$3: complete, skipped"
        return
    fi
    mapfile -t models < <(ls "$out"/models/"$1"/runs/"$2-$4"-seed*/model.ckpt | sort)
    if [[ ${#models[@]} -ne 5 ]]; then
        echo "run.sh: expected 5 models of $2 $3 under $out/models/$1, found ${#models[@]}" >&2
        exit 1
    fi
    timed "sweep-$2-$3" "$program" robustness --model "${models[@]}" --perturbations "$perturbations" \
        --levels 0:1:0.05 --repeats 5 "${measures[@]}" --no-download --no-plots --quiet --out "$target"
}

for stage in "${stages[@]}"; do
    case $stage in
        mnist-sparse | fashion-sparse)
            ds=${stage%-sparse}
            [[ $ds == fashion ]] && ds=fashion-mnist
            short=${stage%-sparse}
            train "sparse-$short"
            train "chts-$short"
            for method in rlr set rigl ch3l3 none; do
                sweep "sparse-$short" "$ds" "$method" "$method"
            done
            sweep "chts-$short" "$ds" chts chts
            ;;
        dense)
            for short in mnist fashion; do
                ds=$short
                [[ $ds == fashion ]] && ds=fashion-mnist
                train "dense-$short"
                sweep "dense-$short" "$ds" dense none
            done
            ;;
        structure)
            for dir in "$out"/models/*/; do
                spec=$(basename "$dir")
                target=$out/structure/$spec
                [[ -f $target/structure.csv ]] && continue
                timed "analyze-$spec" "$program" analyze --runs "$dir"runs/*/ --activity --no-download --no-plots \
                    --out "$target"
            done
            ;;
        *)
            echo "run.sh: unknown stage '$stage' (valid: mnist-sparse, fashion-sparse, dense, structure)" >&2
            exit 2
            ;;
    esac
done
