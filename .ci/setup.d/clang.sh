# clang, for the test that checks the OpenCL C that ILGPU generates for every kernel and vendor
# (clang -x cl -cl-std=CL2.0 -fsyntax-only). Exports SPARSEGPU_CLANG.
apt_install_missing clang
SPARSEGPU_CLANG="$(command -v clang || true)"
if [ -n "$SPARSEGPU_CLANG" ]; then export SPARSEGPU_CLANG; else unset SPARSEGPU_CLANG; fi
