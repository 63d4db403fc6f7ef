#!/usr/bin/env bash
# Runs every OpenCL-bound test on a real OpenCL driver, without a GPU: PoCL 6.0, Debian 13's CPU implementation of
# OpenCL, which ILGPU's OpenCL accelerator accepts (Debian 12's PoCL 3.1 is refused: no generic address space).
# Installing Debian 13's PoCL on a Debian 12 host would upgrade its libc, so it lives in a Debian 13 chroot built
# once with debootstrap from the host's Debian mirror and cached outside the clone ($SPARSEGPU_CI_CACHE, default
# /var/cache/sparsegpu-ci). The tests run inside it from a self-contained publish of the test runner
# (tests/SparseGpu.GpuTests is also a program), the way the GPU bundle runs them, with --no-skips: a missing device
# is a failure, not a pass.
# Usage (root: debootstrap, chroot and mount need it): experiments/gpu-check/opencl-pocl.sh
# Ends by printing "N passed, N failed, N skipped" (a broken setup counts as one failure) and exits non-zero if
# anything failed or was skipped. .ci/run calls it and adds the counts to its own summary.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="${SPARSEGPU_CI_CACHE:-/var/cache/sparsegpu-ci}"
suite=trixie
target="$cache/pocl-$suite"
# What the chroot holds besides a minimal Debian: the ICD loader as Debian installs it (libOpenCL.so.1 only, no
# libOpenCL.so), PoCL's ICD, and clinfo to show what the driver reports.
packages="pocl-opencl-icd ocl-icd-libopencl1 clinfo"
# The OpenCL-bound test classes, run by the test runner inside the chroot.
classes=(SparseGpu.GpuTests.OpenClConformanceTests SparseGpu.GpuTests.OpenClPackedTrainingTests)

# A setup failure still ends with the summary line, counted as one failed test.
give_up() {
  echo "opencl-pocl: $*" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
}

# The host's Debian mirror (the first .../debian URI in its apt sources), unless SPARSEGPU_DEBIAN_MIRROR is set.
debian_mirror() {
  if [ -n "${SPARSEGPU_DEBIAN_MIRROR:-}" ]; then
    echo "$SPARSEGPU_DEBIAN_MIRROR"
    return
  fi
  local uri
  uri=$(grep -hoE '^[^#]*https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?' | head -n 1)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Builds the chroot into a scratch folder and moves it into place only when complete, so an interrupted build is
# redone rather than reused. The packages it holds are recorded in it; a different list rebuilds it.
build_chroot() {
  if [ -f "$target/.sparsegpu-packages" ] && [ "$(cat "$target/.sparsegpu-packages")" = "$packages" ]; then
    return 0
  fi
  command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
    || give_up "debootstrap is not installed and could not be installed"
  local mirror partial started
  mirror=$(debian_mirror)
  partial="$target.partial"
  started=$(date +%s)
  echo "opencl-pocl: building the Debian 13 ($suite) chroot in $target from $mirror"
  rm -rf "$partial" "$target"
  mkdir -p "$cache"
  debootstrap --variant=minbase "$suite" "$partial" "$mirror" >"$cache/pocl-debootstrap.log" 2>&1 \
    || give_up "debootstrap failed; see $cache/pocl-debootstrap.log"
  cp /etc/resolv.conf "$partial/etc/resolv.conf"
  # shellcheck disable=SC2086
  chroot "$partial" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get install -y -qq --no-install-recommends $packages && apt-get clean" >>"$cache/pocl-debootstrap.log" 2>&1 \
    || give_up "installing $packages in the chroot failed; see $cache/pocl-debootstrap.log"
  echo "$packages" >"$partial/.sparsegpu-packages"
  mv "$partial" "$target"
  echo "opencl-pocl: chroot built in $(($(date +%s) - started)) s"
}

# Publishes the test runner self-contained for linux-x64, in a copy of the working tree (as publish.sh does) so the
# runtime-specific restore does not touch the checkout, into a folder of this run's own in the chroot.
runner="/opt/sparsegpu-opencl-$$"
publish_runner() {
  local work bin="$target$runner"
  work=$(mktemp -d)
  (cd "$root" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$work"
  echo "opencl-pocl: publishing SparseGpu.GpuTests (self-contained, linux-x64)"
  dotnet publish "$work/tests/SparseGpu.GpuTests" -c Release -r linux-x64 --self-contained -p:DebugType=none \
    -p:ErrorOnDuplicatePublishOutputFiles=false -v quiet -nologo -o "$bin"
  local status=$?
  rm -rf "$work"
  [ "$status" -eq 0 ] || give_up "publishing the test runner failed"
}

# Runs a command in the chroot, in a mount namespace of its own (its /proc, /sys and /dev go away with it): PoCL
# reads the CPU topology from /sys and refuses to run without it.
in_chroot() {
  unshare --mount --propagation private sh -c '
    mount -t proc proc "$0/proc" && mount --rbind /sys "$0/sys" && mount --rbind /dev "$0/dev" || exit 125
    exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"' "$target" "$@"
}

[ "$(id -u)" -eq 0 ] || give_up "needs root (debootstrap, chroot and mount)"
started=$(date +%s)
build_chroot
trap 'rm -rf "${target:?}$runner"' EXIT
published=$(date +%s)
publish_runner
echo "opencl-pocl: published in $(($(date +%s) - published)) s"
echo "opencl-pocl: the OpenCL driver in the chroot (Debian 13, PoCL from Debian's packages):"
in_chroot clinfo -l || give_up "clinfo found no OpenCL device in the chroot"
log=$(mktemp)
trap 'rm -rf "$log" "${target:?}$runner"' EXIT
echo "opencl-pocl: running ${classes[*]} inside the chroot"
tests_started=$(date +%s)
in_chroot "$runner/SparseGpu.GpuTests" --no-skips "${classes[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo "opencl-pocl: tests ran in $(($(date +%s) - tests_started)) s"
# The runner's last summary line is the total over the classes.
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1)
echo "opencl-pocl: $(($(date +%s) - started)) s in all"
if [ -z "$summary" ]; then
  echo "opencl-pocl: the test runner printed no summary (exit status $status)" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "$summary"
[ "$status" -eq 0 ] || exit 1
exit 0
