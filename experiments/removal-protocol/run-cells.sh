#!/usr/bin/env bash
# Runs the robustness cells of the removal-protocol study (CRITERIA.md) on trained models.
#   run-cells.sh MODELS_DIR OUT_DIR [CELL...]
# MODELS_DIR is a `sweep run` output (its runs/*/model.ckpt are the models of one family and dropout level);
# each CELL (base, fanin, ft1, fanin-ft1; default: all four) becomes OUT_DIR/CELL/ with one robustness run over
# every model: random and smallest-first (reverse-weight-order) removal, levels 0:1:0.05, 5 repeats.
# PERTURBATIONS=neurons runs the neuron attacks instead (neuron-random and the static in-degree attack, levels a
# fraction of each hidden layer's neurons) into OUT_DIR/CELL-neurons/; they carry no verdict (CRITERIA.md).
# PERTURBATIONS=random runs random removal alone, and LEVELS replaces the level grid: the dense fan-in + fine-tuning
# cell ran as PERTURBATIONS=random LEVELS=0:0.5:0.05 (the criterion's range; the full grid costs 3 h there).
# A cell whose robustness.json says complete is skipped, and an interrupted one resumes where it stopped.
# Environment: SPARSEGPU (the program; default `sparsegpu` on PATH), SPARSEGPU_DATA (the IDX files).
set -euo pipefail
if [[ $# -lt 2 ]]; then
    echo "usage: run-cells.sh MODELS_DIR OUT_DIR [base|fanin|ft1|fanin-ft1 ...]" >&2
    exit 2
fi
models_dir=$1
out_dir=$2
shift 2
cells=("$@")
[[ ${#cells[@]} -gt 0 ]] || cells=(base fanin ft1 fanin-ft1)
program=${SPARSEGPU:-sparsegpu}
case ${PERTURBATIONS:-links} in
    links) perturbations=random,reverse-weight-order suffix= ;;
    neurons) perturbations=neuron-random,neuron-in-degree suffix=-neurons ;;
    random) perturbations=random suffix= ;;
    *)
        echo "run-cells.sh: PERTURBATIONS must be links, neurons or random, not '$PERTURBATIONS'" >&2
        exit 2
        ;;
esac

mapfile -t models < <(ls "$models_dir"/runs/*/model.ckpt 2>/dev/null | sort)
if [[ ${#models[@]} -eq 0 ]]; then
    echo "run-cells.sh: no runs/*/model.ckpt under $models_dir" >&2
    exit 1
fi

for cell in "${cells[@]}"; do
    case $cell in
        base) switches=() ;;
        fanin) switches=(--rescale fan-in) ;;
        ft1) switches=(--finetune-epochs 1) ;;
        fanin-ft1) switches=(--rescale fan-in --finetune-epochs 1) ;;
        *)
            echo "run-cells.sh: unknown cell '$cell' (valid: base, fanin, ft1, fanin-ft1)" >&2
            exit 2
            ;;
    esac
    target=$out_dir/$cell$suffix
    if grep -qs '"complete": true' "$target/robustness.json"; then
        echo "$cell$suffix: complete, skipped"
        continue
    fi
    echo "$cell$suffix: ${#models[@]} models, started $(date -u +%H:%M:%S)"
    start=$SECONDS
    "$program" robustness --model "${models[@]}" --perturbations "$perturbations" \
        --levels "${LEVELS:-0:1:0.05}" --repeats 5 "${switches[@]}" --no-download --no-plots --quiet --out "$target"
    echo "$cell$suffix: done in $((SECONDS - start)) s"
done
