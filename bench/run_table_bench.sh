#!/usr/bin/env bash
# Reading survey files as they arrive (issue 12), side by side with the
# peers measured in the same run: CSV memory (5 M rows x 5 columns, 2 of them
# text), a CSV of 100,000 columns x 20 rows, an .xlsx of 100,000 rows x 10
# columns against openpyxl, and .sav / .dta files of 1 M rows against R's
# haven. Needs python3-openpyxl and r-cran-haven to generate the files
# (scripts/install-deps.sh --with-references). Targets: peak memory <= 12
# bytes per cell plus the file size and the 5 M-row survey under 350 MB;
# 100,000 columns in < 2 s; .xlsx in < 3 s; .sav and .dta at >= 50 MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bench/csv_read_bench
survey=build/release/bench/survey_bench
py=/usr/bin/python3
mkdir -p bench/out
[[ -f bench/out/survey_5m.csv ]] || "$survey" generate bench/out/survey_5m.csv 5000000
[[ -f bench/out/wide_100k.csv ]] || "$py" bench/formats_vs_peers.py generate-wide bench/out/wide_100k.csv 100000 20
[[ -f bench/out/rows_100k.xlsx ]] || "$py" bench/formats_vs_peers.py generate-xlsx bench/out/rows_100k.xlsx 100000
[[ -f bench/out/rows_1m.sav ]] || Rscript bench/formats_vs_peers.R generate bench/out/rows_1m.sav 1000000
[[ -f bench/out/rows_1m.dta ]] || Rscript bench/formats_vs_peers.R generate bench/out/rows_1m.dta 1000000

seconds() { sed -n 's/.* in \([0-9.]*\) s.*/\1/p' <<<"$1" | head -1; }
side_by_side() {  # label ours peer
  awk -v a="$(seconds "$2")" -v b="$(seconds "$3")" -v l="$1" \
    'BEGIN { printf "%s: jobimpact %.3f s, peer %.3f s, ratio %.1fx\n", l, a, b, b / a }'
}

echo "== CSV, 5 M rows x 5 columns (2 text)"
"$bin" read bench/out/survey_5m.csv
echo "== CSV, 100,000 columns x 20 rows (half text)"
"$bin" read bench/out/wide_100k.csv
echo "== .xlsx, 100,000 rows x 10 columns"
ours=$("$bin" read bench/out/rows_100k.xlsx); echo "$ours"
peer=$("$py" bench/formats_vs_peers.py read-xlsx bench/out/rows_100k.xlsx); echo "$peer"
side_by_side "xlsx 100k x 10 vs openpyxl" "$ours" "$peer"
for f in sav dta; do
  echo "== .$f, 1 M rows x 11 columns"
  ours=$("$bin" read bench/out/rows_1m.$f); echo "$ours"
  peer=$(Rscript bench/formats_vs_peers.R read bench/out/rows_1m.$f); echo "$peer"
  side_by_side "$f 1M vs haven" "$ours" "$peer"
done
