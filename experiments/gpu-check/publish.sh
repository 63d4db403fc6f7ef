#!/usr/bin/env bash
# Builds the self-contained bundle for a Linux x64 machine with an NVIDIA GPU and no .NET: the sparsegpu program and
# the conformance-test runner (SparseGpu.GpuTests) published into one folder (one shared runtime), with run.sh, the
# study's spec and the models the GPU steps evaluate (trained here, on the CPU, so the device spends no time on
# them), packed as .publish/sparsegpu-gpu-check-linux-x64.tar.xz (git-ignored; at most 40 MB). Layout:
#   sparsegpu-gpu-check/run.sh, study.json        the check and its study spec
#   sparsegpu-gpu-check/bin/                      sparsegpu and SparseGpu.GpuTests (self-contained, linux-x64)
#   sparsegpu-gpu-check/models/{default,tiny}/    model.ckpt of the default network and of the rehearsal's shape
# Usage: experiments/gpu-check/publish.sh     then on the GPU machine:
#   tar -xJf sparsegpu-gpu-check-linux-x64.tar.xz && sparsegpu-gpu-check/run.sh --device cuda --data DIR
# The models train on MNIST from $SPARSEGPU_DATA when it holds mnist/, else on the MNIST subset bundled in the program.
# The publish runs in a copy of the working tree, so the runtime-specific restore does not touch the checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
limit_bytes=$((40 * 1000 * 1000))
began=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$work"
bundle="$work/bundle/sparsegpu-gpu-check"
mkdir -p "$bundle/bin"
# English messages only: the satellite resource assemblies of the libraries (a dozen languages) are not shipped.
publish() {
  dotnet publish "$work/$1" -c Release -r linux-x64 --self-contained -p:DebugType=none \
    -p:SatelliteResourceLanguages=en -v quiet -nologo "${@:2}"
}
echo "publishing sparsegpu (self-contained, linux-x64)"
publish src/SparseGpu.Cli -o "$bundle/bin"
# The test runner references the program through SparseGpu.Tests, so its publish holds a second, framework-dependent
# copy of sparsegpu's start-up files; it goes to its own folder and only what the program's publish lacks is added
# (the runtime and libraries are the same files).
echo "publishing SparseGpu.GpuTests (self-contained, linux-x64)"
publish tests/SparseGpu.GpuTests -o "$work/tests-publish" -p:ErrorOnDuplicatePublishOutputFiles=false
cp -rn "$work/tests-publish/." "$bundle/bin/"
# What only `dotnet test` and debuggers use, not the runner or the program (24 MB unpacked, about 9 MB packed; the
# rehearsal in README.md ran from a bundle without them): the test SDK's code-coverage tools and their native
# folders, its localized messages, its test host and adapter, and the runtime's debugger, dump and tracing
# libraries and alternative garbage collectors.
(
  cd "$bundle/bin"
  rm -rf CodeCoverage alpine arm64 macos ubuntu x64 x86 cs de es fr it ja ko pl pt-BR ru tr zh-Hans zh-Hant
  rm -f Microsoft.TestPlatform.*.dll Microsoft.VisualStudio.*.dll Microsoft.CodeCoverage.* Microsoft.DiaSymReader.dll \
    testhost.dll xunit.runner.visualstudio.testadapter.dll Newtonsoft.Json.dll Mono.Cecil*.dll \
    libmscordaccore.so libmscordbi.so createdump libcoreclrtraceptprovider.so libclrgc.so libclrgcexp.so
)
cp "$root/experiments/gpu-check/run.sh" "$root/experiments/gpu-check/study.json" "$bundle/"

# The models: one epoch on 12,000 images is enough, since the check compares the device's evaluation of a model
# with the CPU's, not the model's quality. Same seed and data: the same files every time.
data=()
[ -n "${SPARSEGPU_DATA:-}" ] && [ -d "$SPARSEGPU_DATA/mnist" ] && data=(--data-dir "$SPARSEGPU_DATA")
train_model() {
  local name=$1
  shift
  echo "training models/$name on the cpu"
  "$bundle/bin/sparsegpu" train --device cpu --no-download --quiet --epochs 1 --train-limit 12000 --seed 1 \
    --out "$work/models-run/$name" "${data[@]}" "$@"
  mkdir -p "$bundle/models/$name"
  cp "$work/models-run/$name/model.ckpt" "$work/models-run/$name/config.json" "$bundle/models/$name/"
}
train_model default
train_model tiny --hidden 100,100,100

mkdir -p "$root/.publish"
archive="$root/.publish/sparsegpu-gpu-check-linux-x64.tar.xz"
XZ_OPT=-9e tar -cJf "$archive.partial" -C "$work/bundle" sparsegpu-gpu-check
mv "$archive.partial" "$archive"
size=$(stat -c %s "$archive")
echo "$archive: $size bytes ($(du -sm "$work/bundle" | cut -f1) MB unpacked), built in $(($(date +%s) - began)) s"
if [ "$size" -gt "$limit_bytes" ]; then
  echo "error: the bundle is $size bytes, above the 40 MB limit" >&2
  exit 1
fi
