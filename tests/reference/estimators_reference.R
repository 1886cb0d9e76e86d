# Reference values for cemsurvey's robust, ordinal and missing-data estimators (issue 9).
# Run from the repository root:  Rscript tests/reference/estimators_reference.R
# Writes JSON files to tests/reference/estimators/ (full precision, digits = NA):
#   <fit>.json   lavaan 0.6.14 fits: parameterEstimates (est, se), fitMeasures() incl. the
#                .scaled and .robust versions, options used (estimator, information, test)
#   polychoric.json  lavCor() polychoric correlations + thresholds of bfi items, and
#                psych::polychoric(correct = 0) for the same items
#   mardia.json  psych::mardia() on the 25 bfi items (complete cases, reverse keys recoded)
#   ordinal_alpha.json  ordinal alpha (psych::alpha on the polychoric matrix)
#   categorical_omega.json  semTools::compRelSEM() categorical omega (Green & Yang 2009)
#   pd_sem_*.json, hs3_sem_wlsmv.json  structural models (sem()) with MLR, FIML and WLSMV,
#                indirect/total effects as := parameters (section 8)
suppressPackageStartupMessages({ library(lavaan); library(jsonlite); library(psych) })
out <- "tests/reference/estimators"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dat <- "tests/reference/data"
wj <- function(x, name) writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, na = "null",
                                          dataframe = "rows"), file.path(out, name))

dump_fit <- function(name, model, fit, seconds = NA) {
  pe <- parameterEstimates(fit)
  opt <- lavInspect(fit, "options")
  res <- list(
    name = name, model = model, n = lavInspect(fit, "nobs"),
    converged = lavInspect(fit, "converged"),
    lavaan = as.character(packageVersion("lavaan")),
    estimator = opt$estimator, information = opt$information[1], se = opt$se,
    test = opt$test, missing = opt$missing, seconds = seconds,
    estimates = pe[, c("lhs", "op", "rhs", "est", "se")],
    std = standardizedSolution(fit)[, c("lhs", "op", "rhs", "est.std", "se")],
    fit = as.list(fitMeasures(fit))
  )
  wj(res, paste0(name, ".json"))
  cat(name, ": chisq", fitMeasures(fit, "chisq"), "scaled",
      tryCatch(fitMeasures(fit, "chisq.scaled"), error = function(e) NA), "\n")
  invisible(fit)
}
run <- function(name, model, data, ..., fun = cfa) {
  t0 <- proc.time()[["elapsed"]]
  fit <- fun(model, data = data, ...)
  dump_fit(name, model, fit, seconds = proc.time()[["elapsed"]] - t0)
}

# bfi: 25 items, reverse keys recoded 7 - x (as lavaan_reference.R)
bfi <- read.csv(file.path(dat, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
all <- bfi[, items]
for (v in c("A1", "C4", "C5", "E1", "E2", "O2", "O5")) all[[v]] <- 7 - all[[v]]
b <- all[complete.cases(all), ]
bfi_model <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, " =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")

hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"

# 1. MLR (complete cases)
run("hs_mlr", hs_model, hs, estimator = "MLR")
run("bfi_mlr", bfi_model, b, estimator = "MLR")
# 2. WLSMV (ordered = all items; lavaan's default two-step polychorics + DWLS)
run("bfi_wlsmv", bfi_model, b, ordered = items, estimator = "WLSMV")
hs3 <- hs
for (v in paste0("x", 1:9)) hs3[[v]] <- cut(hs[[v]], quantile(hs[[v]], c(0, .3, .7, 1)),
                                            labels = FALSE, include.lowest = TRUE)
run("hs3_wlsmv", hs_model, hs3, ordered = paste0("x", 1:9), estimator = "WLSMV")
# 3. FIML on the incomplete data (rows with every item missing are dropped by lavaan)
inc <- all[rowSums(!is.na(all)) > 0, ]
run("bfi_fiml_ml", bfi_model, inc, missing = "fiml", estimator = "ML")
run("bfi_fiml_mlr", bfi_model, inc, missing = "fiml", estimator = "MLR")
hs_inc <- hs[, paste0("x", 1:9)]
set.seed(9); for (v in c("x2", "x5", "x8")) hs_inc[[v]][sample(nrow(hs_inc), 40)] <- NA
write.csv(hs_inc, file.path(out, "hs_incomplete.csv"), row.names = FALSE, na = "")
run("hs_fiml_ml", hs_model, hs_inc, missing = "fiml", estimator = "ML")

# 4. polychoric correlations and thresholds
pi <- c("A1", "A2", "C1", "E3", "N1", "O2")
lc <- lavCor(b[, pi], ordered = pi, output = "fit")
pc_lav <- lavInspect(lc, "sampstat")
pp <- psych::polychoric(b[, pi], correct = 0)
wj(list(items = pi, n = nrow(b), lavaan_cor = unname(pc_lav$cov),
        lavaan_thresholds = as.list(pc_lav$th), lavaan_th_names = names(pc_lav$th),
        psych_rho = unname(pp$rho), psych_tau = unname(pp$tau)), "polychoric.json")

# 5. Mardia
md <- psych::mardia(b, plot = FALSE)
wj(list(n = md$n.obs, p = md$n.var, b1p = md$b1p, b2p = md$b2p, skew = md$skew,
        small_skew = md$small.skew, p_skew = md$p.skew, p_small = md$p.small,
        kurtosis = md$kurtosis, p_kurt = md$p.kurt), "mardia.json")
md2 <- psych::mardia(hs[, paste0("x", 1:9)], plot = FALSE)
wj(list(n = md2$n.obs, p = md2$n.var, b1p = md2$b1p, b2p = md2$b2p, skew = md2$skew,
        small_skew = md2$small.skew, p_skew = md2$p.skew, p_small = md2$p.small,
        kurtosis = md2$kurtosis, p_kurt = md2$p.kurt), "mardia_hs.json")

# 6. ordinal alpha per bfi factor (Zumbo, Gadermann & Zeisser 2007): alpha of the polychoric matrix
oa <- list()
for (f in c("A", "C", "E", "N", "O")) {
  its <- paste0(f, 1:5)
  r <- lavInspect(lavCor(b[, its], ordered = its, output = "fit"), "sampstat")$cov
  oa[[f]] <- psych::alpha(unclass(r), warnings = FALSE)$total$std.alpha
}
wj(oa, "ordinal_alpha.json")

# 7. categorical omega (Green & Yang 2009) per bfi factor: semTools::compRelSEM defaults
#    (obs.var = TRUE, ord.scale = TRUE) on the WLSMV fit
suppressPackageStartupMessages(library(semTools))
fw <- cfa(bfi_model, data = b, ordered = items)
wj(list(semTools = as.character(packageVersion("semTools")),
        omega = as.list(compRelSEM(fw))), "categorical_omega.json")

# 8. Structural models (CB-SEM, fit_cbsem): PoliticalDemocracy (lavaan's SEM example, with its six
#    correlated residuals, as tests/structural_cb/political_democracy.yaml) by MLR, and by FIML
#    (ML and MLR) with answers deleted; the three-category Holzinger-Swineford with latent
#    regressions by WLSMV. Labelled paths give the indirect and total effects as := parameters.
pd <- read.csv(file.path(dat, "political_democracy.csv"))
pd_eff <- paste(
  "ind60 =~ x1 + x2 + x3", "dem60 =~ y1 + y2 + y3 + y4", "dem65 =~ y5 + y6 + y7 + y8",
  "y1 ~~ y5", "y2 ~~ y4", "y2 ~~ y6", "y3 ~~ y7", "y4 ~~ y8", "y6 ~~ y8",
  "dem60 ~ a*ind60", "dem65 ~ c*ind60 + b*dem60", "ind := a*b", "total := c + a*b", sep = "\n")
run("pd_sem_mlr", pd_eff, pd, estimator = "MLR", fun = sem)
pd_inc <- pd
set.seed(11); for (v in c("y2", "y6", "x2")) pd_inc[[v]][sample(nrow(pd_inc), 8)] <- NA
write.csv(pd_inc, file.path(out, "pd_incomplete.csv"), row.names = FALSE, na = "")
run("pd_sem_fiml_ml", pd_eff, pd_inc, missing = "fiml", estimator = "ML", fun = sem)
run("pd_sem_fiml_mlr", pd_eff, pd_inc, missing = "fiml", estimator = "MLR", fun = sem)
hs3_sem <- paste(hs_model, "textual ~ a*visual", "speed ~ c*visual + b*textual",
                 "ind := a*b", "total := c + a*b", sep = "\n")
run("hs3_sem_wlsmv", hs3_sem, hs3, ordered = paste0("x", 1:9), estimator = "WLSMV", fun = sem)
