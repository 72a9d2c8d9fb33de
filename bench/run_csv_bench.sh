#!/usr/bin/env bash
# Runs the CSV reader benchmark on a generated numeric CSV (default 1000 MB,
# override with CSV_BENCH_MB) and prints throughput and memory ratios.
# The file is generated once into bench/out/ and reused; the first read warms
# the page cache, the second is reported (both are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bench/csv_read_bench
mb=${CSV_BENCH_MB:-1000}
mkdir -p bench/out
file=bench/out/numeric_${mb}mb.csv
if [[ ! -f $file ]]; then
  echo "generating $file ..."
  "$bin" generate "$file" "$mb" 10
fi
echo "cold-ish read:"; taskset -c 0 "$bin" read "$file"
echo "warm read (reported):"; taskset -c 0 "$bin" read "$file"
