# Fixtures of issue 12 (survey files as they arrive), SPSS and Stata side,
# written with R's haven (Debian r-cran-haven). Run from the repository root:
#   Rscript tests/reference/make_format_fixtures.R
#   /usr/bin/python3 tests/reference/make_format_fixtures.py
# Writes tests/data/formats/*.sav, *.dta; `make test` reads the committed
# files and needs neither R nor Python.
suppressMessages(library(haven))
out <- "tests/data/formats"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

# 1. The default example's provider survey, unchanged, as .sav and .dta: a
#    study reading either must give the CSV's results to the last digit.
p <- read.csv("examples/default/providers.csv", fileEncoding = "UTF-8-BOM",
              check.names = FALSE, stringsAsFactors = FALSE)
write_sav(p, file.path(out, "providers.sav"))
write_dta(p, file.path(out, "providers.dta"), version = 15)

# 2. A small labelled survey: value labels (whose order is the level order),
#    variable labels, user-defined missing codes (SPSS 99 / Stata .a), a
#    system-missing value, a date, and a variable with a value outside its
#    labels (row 4 of 学历_bad).
edu_labels <- c("初中及以下" = 1, "高中/中专" = 2, "大专" = 3, "本科" = 4,
                "研究生及以上" = 5)
n <- 8
ids <- sprintf("R%02d", 1:n)
sex <- c(2, 1, 1, 2, 1, 2, 2, 1)
edu <- c(4, 2, 5, 1, 3, 4, 2, 4)
income <- c(5200, 99, 7800, NA, 4100, 99, 6600, 3900)
opened <- as.Date(c("2019-03-05", "2020-01-31", "2018-12-01", "2021-06-15",
                    "2019-11-11", "2020-02-29", "2017-07-01", "2022-10-08"))
weight <- c(10, 12.5, 8, 10, 15, 9.5, 11, 10)
spss <- data.frame(id = ids, stringsAsFactors = FALSE)
spss$sex <- labelled_spss(sex, c("男" = 1, "女" = 2), label = "性别")
spss$edu <- labelled_spss(edu, edu_labels, label = "最高学历")
spss$income <- labelled_spss(income, c("拒答" = 99), na_values = 99,
                             label = "月收入（元）")
spss$opened <- opened
attr(spss$opened, "label") <- "开业日期"
spss$edu_bad <- labelled_spss(replace(edu, 4, 6), edu_labels,
                              label = "学历（含未标注值）")
spss$weight <- weight
attr(spss$weight, "label") <- "权数"
write_sav(spss, file.path(out, "labelled.sav"))
write_sav(spss, file.path(out, "labelled.zsav"), compress = "zsav")

stata <- data.frame(id = ids, stringsAsFactors = FALSE)
stata$sex <- labelled(sex, c("男" = 1, "女" = 2), label = "性别")
stata$edu <- labelled(edu, edu_labels, label = "最高学历")
stata_income <- income
stata_income[income %in% 99] <- tagged_na("a")
stata$income <- labelled(stata_income, c("拒答" = tagged_na("a")),
                         label = "月收入（元）")
stata$opened <- opened
attr(stata$opened, "label") <- "开业日期"
stata$edu_bad <- labelled(replace(edu, 4, 6), edu_labels,
                          label = "学历（含未标注值）")
stata$weight <- weight
attr(stata$weight, "label") <- "权数"
write_dta(stata, file.path(out, "labelled.dta"), version = 15)

# 3. A .sav whose declared character code no converter knows: the machine
#    integer record (type 7, subtype 3: eight int32, the last the code page)
#    says 65001 (UTF-8); overwrite it with 1, which names no code page.
path <- file.path(out, "labelled.sav")
bytes <- readBin(path, "raw", file.size(path))
needle <- as.raw(c(7, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0))
at <- NA
for (i in seq_len(length(bytes) - length(needle))) {
  if (all(bytes[i:(i + length(needle) - 1)] == needle)) { at <- i; break }
}
stopifnot(!is.na(at))
code_at <- at + length(needle) + 7 * 4
bytes[code_at:(code_at + 3)] <- as.raw(c(1, 0, 0, 0))
writeBin(bytes, file.path(out, "bad_encoding.sav"))

# 4. SAS: the same cases as a transport file and a data set (SAS keeps value
#    labels in separate catalogs, so here the codes are plain numbers).
sas <- data.frame(id = ids, sex = sex, edu = edu, income = income,
                  opened = opened, weight = weight, stringsAsFactors = FALSE)
attr(sas$edu, "label") <- "最高学历"
write_xpt(sas, file.path(out, "cases.xpt"), version = 8)
suppressWarnings(write_sas(sas, file.path(out, "cases.sas7bdat")))

# 5. examples/survey-files: the default example's operator and consumer
#    surveys as an SPSS and a Stata file with missing answers (the study
#    there reads them with missing = "exclude" / "level"):
#    - operators.sav: education (学历) and gender (性别) as labelled codes in
#      their natural order, every 60th education answer the user-missing
#      code 99 "拒答";
#    - consumers.dta: every 40th entertainment (文娱) amount missing.
ex <- "examples/survey-files"
dir.create(ex, showWarnings = FALSE, recursive = TRUE)
op <- read.csv("examples/default/operators.csv", fileEncoding = "GB18030",
               check.names = FALSE, stringsAsFactors = FALSE)
edu_codes <- c("高中及以下" = 1, "大专" = 2, "本科" = 3, "研究生及以上" = 4)
edu <- unname(edu_codes[op[["学历"]]])
stopifnot(!anyNA(edu))
edu[seq(60, length(edu), by = 60)] <- 99
op[["学历"]] <- labelled_spss(edu, c(edu_codes, "拒答" = 99), na_values = 99,
                              label = "最高学历")
sex_codes <- c("男" = 1, "女" = 2)
op[["性别"]] <- labelled_spss(unname(sex_codes[op[["性别"]]]), sex_codes,
                              label = "性别")
write_sav(op, file.path(ex, "operators.sav"))
co <- read.csv("examples/default/consumers.csv", fileEncoding = "UTF-8-BOM",
               check.names = FALSE, stringsAsFactors = FALSE,
               colClasses = c("消费者编号" = "character"))
co[["文娱"]][seq(40, nrow(co), by = 40)] <- NA
write_dta(co, file.path(ex, "consumers.dta"), version = 15)
file.copy("examples/default/regions.csv", file.path(ex, "regions.csv"),
          overwrite = TRUE)
