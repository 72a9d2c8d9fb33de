# Generates the R survey reference for the unique-workers (multiplicity)
# estimator, tests/study/measures_test.cc:
#   Rscript tests/reference/make_multiplicity_references.R
# Writes tests/data/api/apistrat_also_in.csv (apistrat with an also_in
# column: elementary schools with sch.wide "Yes" also work in "high", high
# schools with "Yes" in "middle", middle schools nowhere) and
# tests/reference/multiplicity_references.csv. Requires r-cran-survey; not
# run by `make test`.
#
# The estimate: each component (stype level, N its population count) is
# N * (domain mean of api00 / m), m = 1 + the components named in also_in;
# the study's unique total is the sum over components, a linear combination
# of domain means (svyby + svycontrast), as jobimpact's jobs_unique.
suppressMessages(library(survey))
data(api)
d <- apistrat
other <- ifelse(d$sch.wide == "Yes" & d$stype == "E", "high",
         ifelse(d$sch.wide == "Yes" & d$stype == "H", "middle", ""))
d$also_in <- other
d$m <- 1 + (other != "")
d$ym <- d$api00 / d$m
write.csv(d[, c("cds", "stype", "api00", "pw", "fpc", "also_in")],
          "tests/data/api/apistrat_also_in.csv", row.names = FALSE, na = "")
des <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = d)
N <- c(E = 4421, H = 755, M = 1018)
b <- svyby(~ym, ~stype, des, svymean, covmat = TRUE)
u <- svycontrast(b, N[as.character(b$stype)])
h <- svyby(~api00, ~stype, des, svymean, covmat = TRUE)
t <- svycontrast(h, N[as.character(h$stype)])
out <- data.frame(case = c("unique", "headcount"),
                  estimate = sprintf("%.10f", c(coef(u), coef(t))),
                  se = sprintf("%.10f", c(SE(u), SE(t))))
write.csv(out, "tests/reference/multiplicity_references.csv",
          row.names = FALSE, quote = FALSE)
print(out)
