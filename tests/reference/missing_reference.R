# Reference values for cemsurvey's missing-data module (issue 15).
# Run from the repository root:  Rscript tests/reference/missing_reference.R
# Writes JSON to tests/reference/missing/ (full precision, digits = NA):
#   <data>_moments.json  lavaan lavCor(x, missing = "ml", output = "sampstat"): the EM / ML
#                        means and covariance (divisor N), also run to a tight tolerance,
#                        plus Little's (1988) MCAR test written out below on those moments
#                        (d2, df, p, patterns)
#   likert_alpha.json    psych::alpha per construct on data with gaps (psych's default
#                        use = "pairwise": alpha from pairwise-complete covariances)
#   likert_fiml_{ml,mlr}.json  lavaan cfa(missing = "ml") 3-factor fits with ML and MLR
# Data: data/airquality.csv (R's airquality, written here; naniar::mcar_test(airquality)
# publishes d2 = 35.1061288689702, df 14, p = 0.00141778113856683, 4 patterns),
# estimators/hs_incomplete.csv and missing/likert_gaps.csv (make_gaps.py).
suppressPackageStartupMessages({ library(lavaan); library(jsonlite); library(psych) })
out <- "tests/reference/missing"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wj <- function(x, name) writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, na = "null",
                                          dataframe = "rows", matrix = "rowmajor"),
                                   file.path(out, name))
write.csv(airquality, "tests/reference/data/airquality.csv", row.names = FALSE, na = "")

# Little (1988) eq. (5): d2 = sum_j n_j (ybar_j - mu_j)' Sigma_jj^-1 (ybar_j - mu_j) over the
# missingness patterns j (observed items only), df = sum_j p_j - p; mu, Sigma the ML (EM)
# estimates from all data. Rows with no answer carry no pattern.
little <- function(x, mu, sigma) {
  x <- as.matrix(x)
  r <- !is.na(x)
  x <- x[rowSums(r) > 0, , drop = FALSE]; r <- r[rowSums(r) > 0, , drop = FALSE]
  key <- apply(r, 1, function(v) paste(as.integer(v), collapse = ""))
  d2 <- 0; df <- 0
  for (k in unique(key)) {
    rows <- which(key == k); o <- which(r[rows[1], ])
    ybar <- colMeans(x[rows, o, drop = FALSE])
    d <- ybar - mu[o]
    d2 <- d2 + length(rows) * drop(t(d) %*% solve(sigma[o, o, drop = FALSE]) %*% d)
    df <- df + length(o)
  }
  df <- df - ncol(x)
  list(d2 = d2, df = df, p = pchisq(d2, df, lower.tail = FALSE), patterns = length(unique(key)))
}
# lavCor's EM stops at lavaan's default tolerance (1e-5), which leaves the moments about 1e-6
# (relative) from the maximum; "em" repeats lavaan's own EM (the routine lavCor calls) run to
# tol = 1e-13, the values the tests compare with at 1e-6. Both are written.
moments <- function(name, x) {
  ss <- lavCor(x, missing = "ml", output = "sampstat")
  y <- as.matrix(x)
  em <- lavaan:::lav_mvnorm_missing_h1_estimate_moments(
    Y = y, Mp = lavaan:::lav_data_missing_patterns(y), max.iter = 100000L, tol = 1e-13)
  mu <- drop(em$Mu); sigma <- em$Sigma
  wj(list(name = name, lavaan = as.character(packageVersion("lavaan")), n = nrow(x),
          items = colnames(x), mean = unname(mu), cov = unname(sigma),
          lavcor_mean = unname(unclass(ss$mean)), lavcor_cov = unname(unclass(ss$cov)),
          little = little(x, mu, sigma),
          little_lavcor = little(x, unclass(ss$mean), unclass(ss$cov))),
     paste0(name, "_moments.json"))
  cat(name, ": Little d2", little(x, mu, sigma)$d2, "\n")
}
moments("airquality", airquality)
hs <- read.csv("tests/reference/estimators/hs_incomplete.csv")
moments("hs_incomplete", hs[, paste0("x", 1:9)])
lk <- read.csv("tests/reference/missing/likert_gaps.csv")
items <- setdiff(colnames(lk), "respondent")
moments("likert_gaps", lk[, items])

# psych::alpha with gaps: pairwise-complete covariances (psych's default)
al <- lapply(c("F01", "F02", "F03"), function(f) {
  a <- psych::alpha(lk[, grep(paste0("^", f, "_"), items, value = TRUE)], warnings = FALSE)
  list(construct = f, raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
       average_r = a$total$average_r,
       alpha_if_deleted = unname(a$alpha.drop$raw_alpha),
       r_drop = unname(a$item.stats$r.drop))
})
wj(list(psych = as.character(packageVersion("psych")), constructs = al), "likert_alpha.json")

# FIML CFA on the Likert data with MCAR gaps, ML and MLR
model <- "F01 =~ F01_1 + F01_2 + F01_3 + F01_4
F02 =~ F02_1 + F02_2 + F02_3 + F02_4
F03 =~ F03_1 + F03_2 + F03_3 + F03_4"
for (est in c("ML", "MLR")) {
  fit <- cfa(model, data = lk, missing = "ml", estimator = est)
  pe <- parameterEstimates(fit)
  wj(list(name = paste0("likert_fiml_", tolower(est)), model = model,
          n = lavInspect(fit, "nobs"), estimator = est, missing = "ml",
          lavaan = as.character(packageVersion("lavaan")),
          estimates = pe[, c("lhs", "op", "rhs", "est", "se")],
          fit = as.list(fitMeasures(fit))),
     paste0("likert_fiml_", tolower(est), ".json"))
  cat("likert", est, "chisq", fitMeasures(fit, "chisq"), "\n")
}
