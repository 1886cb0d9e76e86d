# Reference values for cemsurvey's CFA / CB-SEM engine, computed with lavaan (ML, defaults).
# Run from the repository root:  Rscript tests/reference/lavaan_reference.R [name ...]
# (with names, e.g. `sim28_structural pd_sem_effects`, only those models are refitted; the sim28
# models take minutes each)
# Writes one JSON file per model to tests/reference/lavaan/ (full precision, digits = NA).
# Each file holds: the model syntax, n, parameterEstimates (est, se, z, pvalue),
# standardizedSolution (std.all with delta-method se), every fitMeasures() value,
# modification indices (modindices(), sorted), standardized residuals
# (resid(type = "standardized")$cov) and correlation residuals (resid(type = "cor")$cov),
# plus timing of the fit (seconds, inside R).
suppressPackageStartupMessages({ library(lavaan); library(jsonlite); library(yaml) })
out <- "tests/reference/lavaan"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dat <- "tests/reference/data"

dump_fit <- function(name, model, fit, extra = list(), residuals = TRUE, seconds = NA,
                     modindices = TRUE) {
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  mi <- if (!modindices) NULL else tryCatch({
    m <- modindices(fit, sort. = TRUE)
    m[, c("lhs", "op", "rhs", "mi", "epc", "sepc.all")]
  }, error = function(e) NULL)
  res <- list(
    name = name, model = model, n = lavInspect(fit, "nobs"),
    converged = lavInspect(fit, "converged"),
    lavaan = as.character(packageVersion("lavaan")),
    seconds = seconds,
    estimates = pe[, c("lhs", "op", "rhs", "est", "se", "z", "pvalue")],
    std = ss[, c("lhs", "op", "rhs", "est.std", "se", "z", "pvalue")],
    fit = as.list(fitMeasures(fit)),
    modindices = mi,
    implied = unname(fitted(fit)$cov),
    r2 = as.list(lavInspect(fit, "r2"))
  )
  if (residuals) {
    rs <- resid(fit, type = "standardized")$cov
    rc <- resid(fit, type = "cor")$cov
    res$observed <- rownames(rc)
    res$resid_standardized <- unname(as.matrix(rs))
    res$resid_cor <- unname(as.matrix(rc))
  }
  res <- c(res, extra)
  writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, na = "null", dataframe = "rows"),
             file.path(out, paste0(name, ".json")))
  cat(name, ": chisq", fitMeasures(fit, "chisq"), "df", fitMeasures(fit, "df"), "\n")
}

# lavaan's own Gauss-Newton optimizer with a tight step tolerance, so the reference estimates
# sit at the ML optimum to ~1e-9. With the default nlminb (rel.tol 1e-10, which cannot be
# tightened: it then reports false convergence) near-zero covariances of the 602-parameter
# sim28 model stop ~1e-4 relative short of the optimum; chi2 and fit indices are unaffected.

only <- commandArgs(trailingOnly = TRUE)

run <- function(name, model, data, fun = cfa, residuals = TRUE, modindices = TRUE, ...) {
  if (length(only) && !(name %in% only)) return(invisible(NULL))
  t0 <- proc.time()[["elapsed"]]
  fit <- fun(model, data = data, optim.method = "GN", optim.gn.tol.x = 1e-12,
             optim.gn.iter.max = 2000L, ...)
  secs <- proc.time()[["elapsed"]] - t0
  dump_fit(name, model, fit, residuals = residuals, seconds = secs, modindices = modindices)
  invisible(fit)
}

# 1. Holzinger-Swineford three-factor CFA (lavaan tutorial), marker and fixed-variance.
hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
run("hs_cfa", hs_model, hs)
run("hs_cfa_stdlv", hs_model, hs, std.lv = TRUE)

# 2. PoliticalDemocracy: measurement part (with the example's correlated residuals) and full SEM.
pd <- read.csv(file.path(dat, "political_democracy.csv"))
pd_meas <- paste(
  "ind60 =~ x1 + x2 + x3", "dem60 =~ y1 + y2 + y3 + y4", "dem65 =~ y5 + y6 + y7 + y8",
  "y1 ~~ y5", "y2 ~~ y4", "y2 ~~ y6", "y3 ~~ y7", "y4 ~~ y8", "y6 ~~ y8", sep = "\n")
run("pd_cfa", pd_meas, pd)
pd_sem <- paste(pd_meas, "dem60 ~ ind60", "dem65 ~ ind60 + dem60", sep = "\n")
fit <- run("pd_sem", pd_sem, pd, fun = sem)
# the same model with labelled paths and the indirect / total effects as defined parameters
# (op ":=", delta-method SEs): reference for fit_cbsem's effects
pd_eff <- paste(pd_meas, "dem60 ~ a*ind60", "dem65 ~ c*ind60 + b*dem60",
                "ind := a*b", "total := c + a*b", sep = "\n")
run("pd_sem_effects", pd_eff, pd, fun = sem, residuals = FALSE)

# 3. bfi five factors, complete cases on the 25 items, reverse keys recoded as 7 - x.
bfi <- read.csv(file.path(dat, "bfi.csv"))
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
b <- bfi[complete.cases(bfi[, items]), items]
for (v in c("A1", "C4", "C5", "E1", "E2", "O2", "O5")) b[[v]] <- 7 - b[[v]]
bfi_model <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, " =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")
run("bfi_cfa", bfi_model, b)

# 4. sim28: first-order (28 constructs), second-order (six dimensions), paradigm structural model.
y <- read_yaml(file.path(dat, "sim28.yaml"))
s28 <- read.csv(file.path(dat, "sim28.csv"))
cons <- sapply(y$constructs, function(k) k$id)
first <- sapply(y$constructs, function(k)
  paste0(k$id, " =~ ", paste(sapply(k$items, function(i) i$id), collapse = " + ")))
dims <- sapply(y$constructs, function(k) k$dimension)
second <- sapply(names(y$dimensions), function(d) paste0(d, " =~ ", paste(cons[dims == d], collapse = " + ")))
m1 <- paste(first, collapse = "\n")
m2 <- paste(c(first, second), collapse = "\n")
# labelled paths; the specific indirect effects along every chain as defined parameters (":=")
m3 <- paste(c(first, second, "phenomenon ~ p1*causal",
              "strategies ~ p2*phenomenon + p3*contextual + p4*intervening",
              "consequences ~ p5*strategies",
              "i_causal_phenomenon_strategies := p1*p2",
              "i_causal_phenomenon_strategies_consequences := p1*p2*p5",
              "i_phenomenon_strategies_consequences := p2*p5",
              "i_contextual_strategies_consequences := p3*p5",
              "i_intervening_strategies_consequences := p4*p5"), collapse = "\n")
run("sim28_first", m1, s28, residuals = FALSE)
run("sim28_second", m2, s28, residuals = FALSE)
# no modification indices here: ~10,000 candidate parameters take lavaan hours, and the tests
# check modindices on the first-order model only
run("sim28_structural", m3, s28, fun = sem, residuals = FALSE, modindices = FALSE)
