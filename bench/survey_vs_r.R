# R survey side of bench/run_survey_bench.sh: the same statistics as
# survey_bench on the same CSV, timed without the CSV read.
#   Rscript bench/survey_vs_r.R linearization FILE
#   Rscript bench/survey_vs_r.R bootstrap FILE REPLICATES
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
d <- read.csv(args[2])
t0 <- Sys.time()
des <- svydesign(id = ~1, strata = ~stratum, weights = ~w, data = d)
if (mode == "bootstrap") {
  set.seed(1)
  des <- as.svrepdesign(des, type = "bootstrap", replicates = as.integer(args[3]))
}
tot <- svytotal(~y, des)
rat <- svyratio(~y, ~x, des)
bt <- svyby(~y, ~domain, des, svytotal)
br <- svyby(~y, ~domain, des, svyratio, denominator = ~x)
secs <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
cat(sprintf("R survey %s: %d rows in %.3f s\n", mode, nrow(d), secs))
cat(sprintf("check: total y = %.10g, se = %.10g\n", coef(tot), SE(tot)))
