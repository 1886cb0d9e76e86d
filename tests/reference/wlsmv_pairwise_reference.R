# Reference values for WLSMV with pairwise polychorics (issue 15): lavaan's
# cfa(..., ordered = TRUE, estimator = "WLSMV", missing = "pairwise").
# Run from the repository root:  Rscript tests/reference/wlsmv_pairwise_reference.R
# Writes tests/reference/wlsmv_pairwise/ (full precision, digits = NA):
#   hs4_gaps.csv      Holzinger-Swineford x1-x9 cut into 4 categories (quartiles), 5% of the
#                     answers set missing completely at random (set.seed(15))
#   hs4_pairwise.json the three-factor CFA on hs4_gaps.csv
#   bfi_pairwise.json the five-factor CFA on the 25 bfi items with their natural gaps
#                     (2800 respondents, 364 incomplete; reverse keys recoded 7 - x)
# Each JSON: n (lavaan's nobs), thresholds and polychoric correlations (lavInspect "sampstat"),
# the pairwise counts, parameterEstimates (est, se), standardizedSolution and fitMeasures()
# (scaled and robust versions).
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
out <- "tests/reference/wlsmv_pairwise"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dat <- "tests/reference/data"
wj <- function(x, name) writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, na = "null",
                                          dataframe = "rows"), file.path(out, name))

dump_pairwise <- function(name, model, data, items) {
  fit <- cfa(model, data = data, ordered = items, estimator = "WLSMV", missing = "pairwise")
  ss <- lavInspect(fit, "sampstat")
  obs <- !is.na(data[, items])
  res <- list(
    name = name, model = model, n = lavInspect(fit, "nobs"), items = items,
    lavaan = as.character(packageVersion("lavaan")),
    converged = lavInspect(fit, "converged"), missing = lavInspect(fit, "options")$missing,
    thresholds = as.list(ss$th), th_names = names(ss$th),
    polychoric = unname(ss$cov), pair_n = unname(crossprod(obs)),
    estimates = parameterEstimates(fit)[, c("lhs", "op", "rhs", "est", "se")],
    std = standardizedSolution(fit)[, c("lhs", "op", "rhs", "est.std", "se")],
    fit = as.list(fitMeasures(fit))
  )
  wj(res, paste0(name, ".json"))
  cat(name, ": n", res$n, "chisq", fitMeasures(fit, "chisq"), "scaled",
      fitMeasures(fit, "chisq.scaled"), "\n")
}

# 1. Holzinger-Swineford, 4 categories, 5% MCAR gaps
hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
xs <- paste0("x", 1:9)
hs4 <- hs[, xs]
for (v in xs) hs4[[v]] <- cut(hs[[v]], quantile(hs[[v]], c(0, .25, .5, .75, 1)),
                              labels = FALSE, include.lowest = TRUE)
set.seed(15)
gap <- matrix(runif(nrow(hs4) * length(xs)) < 0.05, nrow(hs4))
hs4[gap] <- NA
write.csv(hs4, file.path(out, "hs4_gaps.csv"), row.names = FALSE, na = "")
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
dump_pairwise("hs4_pairwise", hs_model, hs4, xs)

# 2. bfi with its natural gaps (every respondent answered at least one item)
bfi <- read.csv(file.path(dat, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
all <- bfi[, items]
for (v in c("A1", "C4", "C5", "E1", "E2", "O2", "O5")) all[[v]] <- 7 - all[[v]]
bfi_model <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, " =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")
dump_pairwise("bfi_pairwise", bfi_model, all, items)
