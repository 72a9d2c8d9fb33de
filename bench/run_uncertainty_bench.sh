#!/usr/bin/env bash
# Total uncertainty (issue 14): `run` of the default study (the study as
# written and its one scenario, each with its own draws) with 2,000 and
# 20,000 Monte Carlo draws against the same run without draws, on 2 threads;
# the peer is what a spreadsheet or a script around a plain run does, one
# full run per draw (2,000 x the run without draws, extrapolated from its
# measured time). Then 1 thread must give byte-identical results and tornado
# table. Target: 2,000 draws <= 10 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/jobimpact
study=examples/default/study.toml
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
seconds() {  # seconds DRAWS THREADS OUT
  /usr/bin/time -f "%e %M" -o "$dir/t" "$bin" run "$study" --draws "$1" \
    --threads "$2" --out "$3" >/dev/null
  cat "$dir/t"
}
read -r t0 m0 < <(seconds 0 2 "$dir/d0")
read -r t2 m2 < <(seconds 2000 2 "$dir/d2000")
read -r t20 m20 < <(seconds 20000 2 "$dir/d20000")
read -r t1 m1 < <(seconds 2000 1 "$dir/d2000t1")
echo "run without draws:        ${t0} s, peak RSS ${m0} KB"
echo "run with 2,000 draws:     ${t2} s, peak RSS ${m2} KB (target <= 10 s)"
echo "run with 20,000 draws:    ${t20} s, peak RSS ${m20} KB"
echo "run with 2,000 draws, 1 thread: ${t1} s"
awk -v t0="$t0" -v t2="$t2" 'BEGIN {
  printf "peer, 2,000 full runs: %.0f s; jobimpact %.0fx faster\n",
         2000 * t0, 2000 * t0 / t2 }'
awk -v t2="$t2" 'BEGIN { exit !(t2 <= 10) }' ||
  { echo "TARGET MISSED: 2,000 draws took ${t2} s"; exit 1; }
for f in results.csv sensitivity.csv; do
  cmp -s "$dir/d2000/$f" "$dir/d2000t1/$f" ||
    { echo "MISMATCH: $f differs between 1 and 2 threads"; exit 1; }
done
echo "same results and tornado table on 1 and 2 threads: yes"
/usr/bin/python3 - "$dir/d2000/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
total = sum(1 for r in rows if r["total_ci_low"])
print(f"figures with a total interval: {total} of {len(rows)} "
      f"(scenarios: {sorted(set(r['scenario'] for r in rows))})")
PY
