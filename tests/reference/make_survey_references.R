# Generates the R survey references for tests/survey/*_test.cc.
#   Rscript tests/reference/make_survey_references.R
# Writes tests/data/api/*.csv (R's api data, the columns the tests use) and
# tests/reference/survey_references.csv. Requires Debian's r-cran-survey
# (scripts/install-deps.sh --with-references). Not run by `make test`: the
# committed CSVs are what the tests read.
suppressMessages(library(survey))
data(api)
out_dir <- "tests/data/api"
ref_file <- "tests/reference/survey_references.csv"
cols <- c("cds", "stype", "dnum", "snum", "cname", "api00", "api99", "meals",
          "ell", "enroll", "sch.wide", "awards", "pw")
write.csv(apistrat[, c(cols, "fpc")], file.path(out_dir, "apistrat.csv"), row.names = FALSE)
write.csv(apiclus1[, c(cols, "fpc")], file.path(out_dir, "apiclus1.csv"), row.names = FALSE)
write.csv(apiclus2[, c(setdiff(cols, "enroll"), "fpc1", "fpc2")],
          file.path(out_dir, "apiclus2.csv"), row.names = FALSE)

# Lonely-PSU case: apistrat with only one middle school left.
lonely <- rbind(apistrat[apistrat$stype != "M", ], apistrat[apistrat$stype == "M", ][1, ])
write.csv(lonely[, c(cols, "fpc")], file.path(out_dir, "apistrat_lonely.csv"), row.names = FALSE)

# BRR case: apistrat paired into 100 strata of two schools (by row order within stype).
brr <- apistrat[order(apistrat$stype, apistrat$snum), ]
brr$pair <- rep(1:100, each = 2)
write.csv(brr[, c(cols, "pair")], file.path(out_dir, "apistrat_pairs.csv"), row.names = FALSE)

rows <- list()
add <- function(case, statistic, variable, domain, est, se, df) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, statistic = statistic,
    variable = variable, domain = domain, estimate = unname(est), se = unname(se),
    df = df, stringsAsFactors = FALSE)
}
# Every statistic the engine's tests check, for one design.
standard_set <- function(case, d, has_enroll = TRUE) {
  df <- degf(d)
  t <- svytotal(~api00, d); add(case, "total", "api00", "", coef(t), SE(t), df)
  m <- svymean(~api00, d); add(case, "mean", "api00", "", coef(m), SE(m), df)
  if (has_enroll) {
    t <- svytotal(~enroll, d); add(case, "total", "enroll", "", coef(t), SE(t), df)
  }
  r <- svyratio(~api00, ~api99, d)
  add(case, "ratio", "api00/api99", "", coef(r), SE(r), df)
  p <- svymean(~sch.wide, d)
  pse <- sqrt(diag(as.matrix(vcov(p))))
  names(pse) <- names(coef(p))
  add(case, "prop", "sch.wide", "sch.wide=Yes", coef(p)[["sch.wideYes"]], pse[["sch.wideYes"]], df)
  for (dom in c("stype", "awards")) {
    f <- as.formula(paste0("~", dom))
    bt <- svyby(~api00, f, d, svytotal)
    for (k in seq_len(nrow(bt))) add(case, "total", "api00", paste0(dom, "=", bt[k, 1]), bt$api00[k], SE(bt)[k], df)
    bm <- svyby(~api00, f, d, svymean)
    for (k in seq_len(nrow(bm))) add(case, "mean", "api00", paste0(dom, "=", bm[k, 1]), bm$api00[k], SE(bm)[k], df)
    br <- svyby(~api00, f, d, svyratio, denominator = ~api99)
    for (k in seq_len(nrow(br))) add(case, "ratio", "api00/api99", paste0(dom, "=", br[k, 1]), coef(br)[k], SE(br)[k], df)
  }
}

options(survey.lonely.psu = "fail")
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dclus2 <- svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = apiclus2)
dstrat_nofpc <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)
standard_set("strat_lin", dstrat)
standard_set("strat_nofpc_lin", dstrat_nofpc)
standard_set("clus1_lin", dclus1)
standard_set("clus2_lin", dclus2, has_enroll = FALSE)

# Confidence intervals: t with design df; logit interval for a proportion.
ci <- confint(svytotal(~api00, dstrat), df = degf(dstrat))
add("strat_lin_ci", "total", "api00", "", ci[1], ci[2], degf(dstrat))
cp <- svyciprop(~I(sch.wide == "Yes"), dclus1, method = "logit")
add("clus1_logit_ci", "prop", "sch.wide", "sch.wide=Yes", attr(cp, "ci")[1], attr(cp, "ci")[2], degf(dclus1))

for (policy in c("remove", "certainty", "adjust", "average")) {
  options(survey.lonely.psu = policy)
  dl <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = lonely)
  t <- svytotal(~api00, dl); add(paste0("lonely_", policy), "total", "api00", "", coef(t), SE(t), degf(dl))
  m <- svymean(~api00, dl); add(paste0("lonely_", policy), "mean", "api00", "", coef(m), SE(m), degf(dl))
  bt <- svyby(~api00, ~awards, dl, svytotal)
  for (k in seq_len(nrow(bt))) add(paste0("lonely_", policy), "total", "api00", paste0("awards=", bt[k, 1]), bt$api00[k], SE(bt)[k], degf(dl))
}
options(survey.lonely.psu = "fail")

# Replicate designs.
standard_set("clus1_jk1", as.svrepdesign(dclus1, type = "JK1"))
standard_set("strat_jkn", as.svrepdesign(dstrat, type = "JKn"))
dpairs <- svydesign(id = ~1, strata = ~pair, weights = ~pw, data = brr)
rbrr <- as.svrepdesign(dpairs, type = "BRR")
rfay <- as.svrepdesign(dpairs, type = "Fay", fay.rho = 0.3)
standard_set("pairs_brr", rbrr)
standard_set("pairs_fay", rfay)
standard_set("pairs_lin", dpairs)
# Fewer strata: 20 (R: doubled Paley matrix of order 24) and 14 (R: its
# tabulated matrix of order 16).
for (k in c(20, 14)) {
  dk <- svydesign(id = ~1, strata = ~pair, weights = ~pw, data = brr[brr$pair <= k, ])
  standard_set(paste0("pairs", k, "_brr"), as.svrepdesign(dk, type = "BRR"))
}
# R's BRR replicate weights, for the user-supplied replicate-weight path.
repw <- weights(rbrr, type = "analysis")
colnames(repw) <- sprintf("rw%02d", seq_len(ncol(repw)))
write.csv(cbind(brr[, c(cols, "pair")], repw), file.path(out_dir, "apistrat_pairs_brr.csv"), row.names = FALSE)
add("pairs_brr_meta", "scale", "", "", rbrr$scale, NA, ncol(repw))

# Bootstrap: reference values from many replicates (compared within Monte
# Carlo error, see the test).
set.seed(20261121)
rboot <- as.svrepdesign(dstrat_nofpc, type = "bootstrap", replicates = 5000)
t <- svytotal(~api00, rboot); add("strat_boot", "total", "api00", "", coef(t), SE(t), NA)
r <- svyratio(~api00, ~api99, rboot); add("strat_boot", "ratio", "api00/api99", "", coef(r), SE(r), NA)

# Calibration (the examples of R survey's documentation, on apiclus1).
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop.totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
standard_set("clus1_poststrat", postStratify(dclus1, ~stype, pop.types))
standard_set("clus1_rake", rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
                                control = list(maxit = 100, epsilon = 1e-13)))
standard_set("clus1_cal_linear", calibrate(dclus1, ~stype + api99, pop.totals))
standard_set("clus1_cal_raking", calibrate(dclus1, ~stype + api99, pop.totals, calfun = "raking"))
standard_set("clus1_cal_bounded", calibrate(dclus1, ~stype + api99, pop.totals, bounds = c(0.6, 1.7)))
rclus1 <- as.svrepdesign(dclus1, type = "JK1")
standard_set("clus1_jk1_poststrat", postStratify(rclus1, ~stype, pop.types))
standard_set("clus1_jk1_cal_linear", calibrate(rclus1, ~stype + api99, pop.totals))

# Quantiles (qrule "math", Woodruff interval on the estimated CDF, se =
# interval width / (2 t)).
quantile_set <- function(case, d) {
  df <- degf(d)
  q <- svyquantile(~api00, d, c(0.25, 0.5, 0.9), ci = TRUE)
  for (p in c(0.25, 0.5, 0.9)) {
    add(case, "quantile", paste0("api00:", p), "", coef(q)[[paste0("api00.", p)]],
        SE(q)[[paste0("api00.", p)]], df)
  }
  b <- svyby(~api00, ~stype, d, svyquantile, quantiles = 0.5, ci = TRUE)
  for (k in seq_len(nrow(b))) {
    # svyby runs svyquantile on the subset, whose df counts only the domain's
    # PSUs and strata.
    sub_df <- degf(subset(d, stype == b[k, 1]))
    add(case, "quantile", "api00:0.5", paste0("stype=", b[k, 1]), coef(b)[k], SE(b)[k], sub_df)
  }
}
quantile_set("strat_quantile", dstrat)
quantile_set("clus1_quantile", dclus1)
quantile_set("strat_jkn_quantile", as.svrepdesign(dstrat, type = "JKn"))

# Design effects (deff = TRUE: against simple random sampling without
# replacement of the same size).
deff_set <- function(case, d) {
  t <- svytotal(~api00, d, deff = TRUE); add(case, "deff_total", "api00", "", deff(t), NA, degf(d))
  m <- svymean(~api00, d, deff = TRUE); add(case, "deff_mean", "api00", "", deff(m), NA, degf(d))
  b <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  for (k in seq_len(nrow(b))) add(case, "deff_mean", "api00", paste0("stype=", b[k, 1]), deff(b)[k], NA, degf(d))
}
deff_set("strat_deff", dstrat)
deff_set("clus1_deff", dclus1)

# A contrast of two estimates (covariance through the joint influence).
ct <- svycontrast(svymean(~api00 + api99, dstrat), c(1, -1))
add("strat_contrast", "difference", "api00-api99", "", coef(ct), SE(ct), degf(dstrat))

ref <- do.call(rbind, rows)
write.csv(ref, ref_file, row.names = FALSE)
cat("wrote", nrow(ref), "references to", ref_file, "\n")
