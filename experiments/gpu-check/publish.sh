#!/usr/bin/env bash
# Builds the self-contained bundle for a Linux x64 machine with an NVIDIA GPU and no .NET: the sparsegpu program and
# the conformance-test runner (SparseGpu.GpuTests) published into one folder (one shared runtime), with run.sh and the
# quick study's spec, packed as .publish/sparsegpu-gpu-check-linux-x64.tar.xz (git-ignored; at most 40 MB).
# Usage: experiments/gpu-check/publish.sh     then on the GPU machine:
#   tar -xJf sparsegpu-gpu-check-linux-x64.tar.xz && sparsegpu-gpu-check/run.sh --device cuda --data DIR
# The publish runs in a copy of the working tree, so the runtime-specific restore does not touch the checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
limit_bytes=$((40 * 1000 * 1000))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$work"
bundle="$work/bundle/sparsegpu-gpu-check"
mkdir -p "$bundle/bin"
for project in src/SparseGpu.Cli tests/SparseGpu.GpuTests; do
  echo "publishing $project (self-contained, linux-x64)"
  dotnet publish "$work/$project" -c Release -r linux-x64 --self-contained -p:DebugType=none -o "$bundle/bin" -v quiet -nologo
done
cp "$root/experiments/gpu-check/run.sh" "$root/experiments/paper-study/quick.json" "$bundle/"

mkdir -p "$root/.publish"
archive="$root/.publish/sparsegpu-gpu-check-linux-x64.tar.xz"
tar -cJf "$archive.partial" -C "$work/bundle" sparsegpu-gpu-check
mv "$archive.partial" "$archive"
size=$(stat -c %s "$archive")
echo "$archive: $((size / 1000000)) MB"
if [ "$size" -gt "$limit_bytes" ]; then
  echo "error: the bundle is $size bytes, above the 40 MB limit" >&2
  exit 1
fi
