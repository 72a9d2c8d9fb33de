#!/usr/bin/env bash
# Input-output engine against the full-inverse approach (numpy.linalg.inv, as
# pymrio computes L) on identical dense synthetic tables, both in one run;
# prints both timings, the ratio and the largest relative difference.
# Needs python3-numpy (scripts/install-deps.sh --with-references; with
# Debian's libopenblas0 numpy uses OpenBLAS, as jobimpact does).
# Targets (issue 4): n = 153 every Type I and II multiplier < 5 ms; n = 5,000
# and 10,000: multipliers + 100 shocks >= 10x faster than numpy, peak memory
# <= 3 n^2 doubles.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bench/io_bench
sizes=${IO_BENCH_SIZES:-"5000 10000"}
for t in data/io/cn2017_149.csv data/io/cn2020_153.csv; do
  "$bin" multipliers153 "$t"
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in $sizes; do
  echo "== dense synthetic table, n = $n, 100 shocks"
  "$bin" synthetic "$n" "$dir" 100
  /usr/bin/python3 bench/io_vs_numpy.py "$dir" "$n" 100
  rm -f "$dir"/*.bin
done
