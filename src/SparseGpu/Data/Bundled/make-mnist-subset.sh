#!/usr/bin/env bash
# Rebuilds the MNIST subset shipped inside the library (the offline fallback of `sparsegpu train`): the first
# TRAIN training and the first TEST test images and labels of the original files, as IDX, gzip -9 -n.
# Usage: make-mnist-subset.sh MNIST_DIR [TRAIN [TEST]]   (MNIST_DIR holds the four original .gz files)
set -eu  # no pipefail: head closing the pipe early is how the subset ends
src=${1:?MNIST directory with the original .gz files}
train=${2:-5000}
test=${3:-1000}
out=$(cd "$(dirname "$0")" && pwd)

u32() { printf '%08x' "$1" | xxd -r -p; }

subset() { # original, prefix of the output name, count, header bytes, bytes per record, magic, dims...
  local file=$1 name=$2 count=$3 header=$4 record=$5 magic=$6; shift 6
  {
    u32 "$magic"; u32 "$count"; for d in "$@"; do u32 "$d"; done
    gzip -dc "$file" | tail -c +$((header + 1)) | head -c $((count * record))
  } | gzip -9 -n > "$out/$name"
}

subset "$src/train-images-idx3-ubyte.gz" mnist-subset-train-images-idx3-ubyte.gz "$train" 16 784 2051 28 28
subset "$src/train-labels-idx1-ubyte.gz" mnist-subset-train-labels-idx1-ubyte.gz "$train" 8 1 2049
subset "$src/t10k-images-idx3-ubyte.gz" mnist-subset-test-images-idx3-ubyte.gz "$test" 16 784 2051 28 28
subset "$src/t10k-labels-idx1-ubyte.gz" mnist-subset-test-labels-idx1-ubyte.gz "$test" 8 1 2049
ls -l "$out"/*.gz
