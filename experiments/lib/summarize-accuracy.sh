#!/usr/bin/env bash
# Mean and sample std of test accuracy (%) per epoch over runs, from their metrics.csv files.
# Usage: summarize-accuracy.sh RESULTS_DIR NAME...   (runs are RESULTS_DIR/NAME-seed*/metrics.csv)
# Prints CSV: setting,epoch,test_accuracy_mean,test_accuracy_std,seeds
set -euo pipefail
results=$1; shift
echo "setting,epoch,test_accuracy_mean,test_accuracy_std,seeds"
for name in "$@"; do
  awk -F, -v name="$name" 'FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "test_accuracy") col = i; next }
    { s[$1] += $col; q[$1] += $col * $col; n[$1]++ }
    END { for (e = 1; e in n; e++) { m = s[e] / n[e]; v = n[e] > 1 ? (q[e] - n[e] * m * m) / (n[e] - 1) : 0; if (v < 0) v = 0;
          printf "%s,%d,%.2f,%.2f,%d\n", name, e, 100 * m, 100 * sqrt(v), n[e] } }' "$results/$name"-seed*/metrics.csv
done
