# ptxas, NVIDIA's PTX assembler (CUDA 11.8), for the test that assembles every kernel's PTX for sm_80 and sm_90.
# It comes from Debian's nvidia-cuda-toolkit in the non-free component: the machine's own Debian source entry is
# copied with "contrib non-free" components into a separate sources file, the .deb is downloaded (no dependencies,
# no driver, nothing runs on a GPU) and unpacked with dpkg-deb into the cache. Exports SPARSEGPU_PTXAS.
_ptxas_root="$SPARSEGPU_CI_CACHE/cuda-toolkit"
_ptxas_find() { find "$_ptxas_root" -type f -name ptxas -perm -u+x 2>/dev/null | head -n 1; }

if [ -z "$(_ptxas_find)" ]; then
  _ptxas_sources=/etc/apt/sources.list.d/sparsegpu-ci-nonfree.sources
  if [ ! -e "$_ptxas_sources" ] && [ -e /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Components:.*/Components: contrib non-free/' /etc/apt/sources.list.d/debian.sources > "$_ptxas_sources"
  fi
  # Other installers may hold apt's lists lock for a while; apt-get update does not wait for it by itself.
  for _try in 1 2 3 4 5 6 7 8 9 10 11 12; do
    apt-get update -qq >/dev/null 2>&1 && break
    [ "$_try" -eq 12 ] && echo "ci: apt-get update failed" >&2
    sleep 10
  done
  _ptxas_debs="$SPARSEGPU_CI_CACHE/debs"
  mkdir -p "$_ptxas_debs"
  if ! ls "$_ptxas_debs"/nvidia-cuda-toolkit_*.deb >/dev/null 2>&1; then
    echo "ci: downloading nvidia-cuda-toolkit (ptxas)"
    (cd "$_ptxas_debs" && apt-get -o APT::Sandbox::User=root download -qq nvidia-cuda-toolkit >/dev/null) \
      || echo "ci: could not download nvidia-cuda-toolkit (the ptxas test will fail)" >&2
  fi
  for _deb in "$_ptxas_debs"/nvidia-cuda-toolkit_*.deb; do
    [ -e "$_deb" ] || continue
    rm -rf "$_ptxas_root.partial" && mkdir -p "$_ptxas_root.partial"
    dpkg-deb -x "$_deb" "$_ptxas_root.partial" && rm -rf "$_ptxas_root" && mv "$_ptxas_root.partial" "$_ptxas_root"
  done
fi

SPARSEGPU_PTXAS="$(_ptxas_find)"
if [ -n "$SPARSEGPU_PTXAS" ]; then export SPARSEGPU_PTXAS; else unset SPARSEGPU_PTXAS; fi
unset -f _ptxas_find
