#!/usr/bin/env bash
# Survey engine against R survey on identical generated data: prints both
# timings and the speed ratio (jobimpact's time includes its CSV read, R's
# does not). Needs r-cran-survey (scripts/install-deps.sh --with-references).
# Targets (issue 12): 1M rows x 31 domains by linearization <= 0.3 s with the
# read and >= 60x R; 1M x 1000 bootstrap <= 2.5 s on 2 cores (and <= 2 GB);
# >= 20x R at 100k rows x 1000 replicates (issue 3).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bench/survey_bench
mkdir -p bench/out
[[ -f bench/out/survey_1m.csv ]] || "$bin" generate bench/out/survey_1m.csv 1000000
[[ -f bench/out/survey_100k.csv ]] || "$bin" generate bench/out/survey_100k.csv 100000

ratio() {  # ratio "label" jobimpact-output R-output
  local ours theirs
  ours=$(sed -n 's/.* = \([0-9.]*\) s with the read.*/\1/p' <<<"$2" | head -1)
  theirs=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' <<<"$3" | head -1)
  awk -v a="$ours" -v b="$theirs" -v l="$1" 'BEGIN { printf "%s: jobimpact %.3f s, R %.3f s, ratio %.1fx\n", l, a, b, b / a }'
}

echo "== 1M rows, 50 strata, 31 domains, linearization"
ours=$("$bin" linearization bench/out/survey_1m.csv); echo "$ours"
theirs=$(Rscript bench/survey_vs_r.R linearization bench/out/survey_1m.csv); echo "$theirs"
ratio "linearization 1M" "$ours" "$theirs"

echo "== 100k rows x 1000 bootstrap replicates"
ours=$("$bin" bootstrap bench/out/survey_100k.csv 1000); echo "$ours"
theirs=$(Rscript bench/survey_vs_r.R bootstrap bench/out/survey_100k.csv 1000); echo "$theirs"
ratio "bootstrap 100k x 1000" "$ours" "$theirs"

echo "== 1M rows x 1000 bootstrap replicates (jobimpact only; R needs minutes and >10 GB)"
"$bin" bootstrap bench/out/survey_1m.csv 1000
