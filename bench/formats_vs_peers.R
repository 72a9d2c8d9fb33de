# Peers of bench/run_table_bench.sh, SPSS/Stata side (Debian r-cran-haven,
# which reads through the same ReadStat library).
#   Rscript bench/formats_vs_peers.R generate FILE.sav|FILE.dta ROWS
#   Rscript bench/formats_vs_peers.R read FILE
suppressMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
if (args[1] == "generate") {
  n <- as.integer(args[3])
  set.seed(14)
  d <- data.frame(id = sprintf("U%07d", seq_len(n)),
                  province = sample(c("北京", "上海", "广东", "四川"), n, TRUE),
                  stringsAsFactors = FALSE)
  for (i in 0:7) d[[paste0("x", i)]] <- round(runif(n, 0, 1000), 3)
  d$edu <- labelled(sample(1:4, n, TRUE),
                    c("高中及以下" = 1, "大专" = 2, "本科" = 3, "研究生及以上" = 4))
  if (grepl("\\.sav$", args[2])) write_sav(d, args[2]) else
    write_dta(d, args[2], version = 15)
} else {
  t0 <- Sys.time()
  d <- if (grepl("\\.sav$", args[2])) read_sav(args[2]) else read_dta(args[2])
  secs <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
  cat(sprintf("haven read: %d rows x %d columns in %.3f s\n", nrow(d), ncol(d),
              secs))
}
