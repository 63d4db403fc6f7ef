# Helpers for the tool installers in .ci/setup.d/. Sourced by .ci/run; each installer is sourced in turn.
# Tools are installed once per machine (Debian packages) or cached outside the clone in $SPARSEGPU_CI_CACHE, so a
# clean clone reuses them.
SPARSEGPU_CI_CACHE="${SPARSEGPU_CI_CACHE:-/var/cache/sparsegpu-ci}"
export SPARSEGPU_CI_CACHE
mkdir -p "$SPARSEGPU_CI_CACHE"

_apt_updated=0
# apt_install_missing PACKAGE...: installs the Debian packages not yet installed (apt-get update once per run).
apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$_apt_updated" -eq 0 ]; then
    apt-get update -qq >/dev/null || echo "ci: apt-get update failed" >&2
    _apt_updated=1
  fi
  echo "ci: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "ci: could not install ${missing[*]} (tests that need them will fail)" >&2
}
