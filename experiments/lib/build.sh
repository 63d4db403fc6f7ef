#!/usr/bin/env bash
# Builds the sparsegpu program (Release) and prints the path of the executable.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$root/src/SparseGpu.Cli" -v quiet -nologo >/dev/null
echo "$root/src/SparseGpu.Cli/bin/Release/net10.0/sparsegpu"
