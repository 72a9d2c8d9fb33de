# R survey references for missing values under na.rm = TRUE (issue 12):
# R's nhanes data (strata SDMVSTRA, PSUs SDMVPSU nested, weights WTMEC2YR)
# whose HI_CHOL is missing for 1,708 of 8,591 people. Run from the
# repository root:
#   Rscript tests/reference/make_missing_references.R
# Reads tests/data/nhanes/nhanes.csv (written by
# make_robustness_references.R) and writes
# tests/reference/missing_references.csv; `make test` reads the committed
# file and does not need R.
suppressMessages(library(survey))
nh <- read.csv("tests/data/nhanes/nhanes.csv")
d <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR,
               nest = TRUE, data = nh)
rows <- data.frame(case = character(), statistic = character(),
                   variable = character(), domain = character(),
                   estimate = numeric(), se = numeric(), n = numeric(),
                   stringsAsFactors = FALSE)
add <- function(statistic, variable, domain, est, se, n) {
  rows[nrow(rows) + 1, ] <<- list("nhanes_narm", statistic, variable, domain,
                                  unname(est), unname(se), n)
}
used <- !is.na(nh$HI_CHOL)
t <- svytotal(~HI_CHOL, d, na.rm = TRUE)
add("total", "HI_CHOL", "", coef(t), SE(t), sum(used))
m <- svymean(~HI_CHOL, d, na.rm = TRUE)
add("mean", "HI_CHOL", "", coef(m), SE(m), sum(used))
r <- svyratio(~HI_CHOL, ~RIAGENDR, d, na.rm = TRUE)
add("ratio", "HI_CHOL/RIAGENDR", "", coef(r), SE(r), sum(used))
# Proportions of the levels of HI_CHOL as a factor among those answering.
p <- svymean(~factor(HI_CHOL), d, na.rm = TRUE)
for (lv in c("0", "1")) {
  k <- paste0("factor(HI_CHOL)", lv)
  add("prop", paste0("HI_CHOL=", lv), "", coef(p)[k], SE(p)[k], sum(used))
}
for (by in c("race", "agecat")) {
  tb <- svyby(~HI_CHOL, as.formula(paste0("~", by)), d, svytotal,
              na.rm = TRUE)
  mb <- svyby(~HI_CHOL, as.formula(paste0("~", by)), d, svymean,
              na.rm = TRUE)
  for (i in seq_len(nrow(tb))) {
    lv <- as.character(tb[[by]][i])
    dom <- paste0(by, "=", lv)
    n_used <- sum(used & as.character(nh[[by]]) == lv)
    add("total", "HI_CHOL", dom, tb$HI_CHOL[i], SE(tb)[i], n_used)
    add("mean", "HI_CHOL", dom, mb$HI_CHOL[i], SE(mb)[i], n_used)
  }
}
write.csv(rows, "tests/reference/missing_references.csv", row.names = FALSE)
