# Reference values for cemsurvey's item descriptives (the "descriptives" step of analyze):
# psych::describe (type = 3 skewness and kurtosis, na.rm = TRUE) on psychTools' bfi items
# (with missing values) and on the simulated sim28 items. Writes JSON to
# tests/reference/analyze/. Run from the repository root:
#     Rscript tests/reference/analyze_reference.R
suppressPackageStartupMessages({ library(psych); library(jsonlite) })
out <- "tests/reference/analyze"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dat <- "tests/reference/data"
describe_json <- function(df, name) {
  d <- psych::describe(df, type = 3)
  res <- lapply(seq_len(nrow(d)), function(i) list(
    n = d$n[i], mean = d$mean[i], sd = d$sd[i], median = d$median[i], min = d$min[i],
    max = d$max[i], skew = d$skew[i], kurtosis = d$kurtosis[i]))
  names(res) <- rownames(d)
  writeLines(toJSON(list(call = "psych::describe(x, type = 3)",
                         psych = as.character(packageVersion("psych")), items = res),
                    digits = NA, auto_unbox = TRUE, na = "null"),
             file.path(out, name))
}
bfi <- read.csv(file.path(dat, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
describe_json(bfi[, items], "describe_bfi.json")
sim <- read.csv(file.path(dat, "sim28.csv"))
describe_json(sim[, setdiff(names(sim), "respondent")], "describe_sim28.json")
