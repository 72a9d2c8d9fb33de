#!/usr/bin/env bash
# Simulator: a full-size 2020 population (24.16 million units: 60,000 firms and
# 24.1 million operator accounts; the 1.225 billion consumers are implicit)
# and a 100,000-unit stratified sample of firms and accounts plus a two-stage
# sample of 6,000 consumers, written as survey files, timed with peak memory; then the same seed on one thread
# must give byte-identical files. Target (issue 5): <= 30 s and <= 4 GB on
# 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/jobimpact
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for threads in 2 1; do
  /usr/bin/time -f "%e s elapsed, peak RSS %M KB" -o "$dir/time$threads" \
    "$bin" simulate draw --threads "$threads" --providers-n 5000 \
    --operators-n 95000 --consumers 6000 --out "$dir/draw$threads" >/dev/null
  echo "threads=$threads: population + 100,000-unit sample: $(cat "$dir/time$threads")"
done
for f in providers.csv operators.csv consumers.csv truth.csv study.toml; do
  cmp -s "$dir/draw1/$f" "$dir/draw2/$f" || { echo "MISMATCH: $f differs between 1 and 2 threads"; exit 1; }
done
echo "same files on 1 and 2 threads: yes"
