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
publish() { dotnet publish "$work/$1" -c Release -r linux-x64 --self-contained -p:DebugType=none -v quiet -nologo "${@:2}"; }
echo "publishing sparsegpu (self-contained, linux-x64)"
publish src/SparseGpu.Cli -o "$bundle/bin"
# The test runner references the program through SparseGpu.Tests, so its publish holds a second, framework-dependent
# copy of sparsegpu's start-up files; it goes to its own folder and only what the program's publish lacks is added
# (the runtime and libraries are the same files).
echo "publishing SparseGpu.GpuTests (self-contained, linux-x64)"
publish tests/SparseGpu.GpuTests -o "$work/tests-publish" -p:ErrorOnDuplicatePublishOutputFiles=false
cp -rn "$work/tests-publish/." "$bundle/bin/"
cp "$root/experiments/gpu-check/run.sh" "$root/experiments/paper-study/quick.json" "$bundle/"

mkdir -p "$root/.publish"
archive="$root/.publish/sparsegpu-gpu-check-linux-x64.tar.xz"
XZ_OPT=-9e tar -cJf "$archive.partial" -C "$work/bundle" sparsegpu-gpu-check
mv "$archive.partial" "$archive"
size=$(stat -c %s "$archive")
echo "$archive: $((size / 1000000)) MB"
if [ "$size" -gt "$limit_bytes" ]; then
  echo "error: the bundle is $size bytes, above the 40 MB limit" >&2
  exit 1
fi
