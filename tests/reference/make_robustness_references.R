# Reference data and numbers for the robustness checks of issue 10 (survey
# side): R survey's nhanes example exported as CSV, and the degrees of
# freedom R gives bootstrap designs built from it (the rank of the replicate
# weights minus one). Run from the repository root:
#   Rscript tests/reference/make_robustness_references.R
# Writes tests/data/nhanes/nhanes.csv and
# tests/reference/robustness_references.csv; `make test` reads both and
# does not need R.
suppressMessages(library(survey))
data(nhanes)
dir.create("tests/data/nhanes", showWarnings = FALSE, recursive = TRUE)
write.csv(nhanes, "tests/data/nhanes/nhanes.csv", row.names = FALSE, na = "")
d <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR,
               nest = TRUE, data = nhanes)
rows <- data.frame(case = character(), quantity = character(), value = numeric())
add <- function(case, quantity, value) {
  rows[nrow(rows) + 1, ] <<- list(case, quantity, value)
}
add("nhanes_linearization", "degf", degf(d))
for (r in c(10, 50, 200)) {
  set.seed(20261201)
  b <- as.svrepdesign(d, type = "bootstrap", replicates = r)
  add(paste0("nhanes_bootstrap_", r), "degf", degf(b))
}
write.csv(rows, "tests/reference/robustness_references.csv", row.names = FALSE)
