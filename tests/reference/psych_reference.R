# Reference values for cemsurvey's reliability and EFA (psych, GPArotation, lavaan, semTools).
# Reads the CSVs in tests/reference/data (the exact data the Python tests use) and writes
# JSON to tests/reference/psych/. Run from the repository root:
#     Rscript tests/reference/psych_reference.R
# Versions used for the committed values: see tests/reference/data/VERSIONS.txt.
suppressPackageStartupMessages({
  library(psych); library(GPArotation); library(lavaan); library(semTools); library(jsonlite)
})
set.seed(20240501)
out <- "tests/reference/psych"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dat <- "tests/reference/data"
save_json <- function(x, name) {
  writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE),
             file.path(out, name))
}

bfi <- read.csv(file.path(dat, "bfi.csv"))
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
bfi_scales <- list(A = paste0("A", 1:5), C = paste0("C", 1:5), E = paste0("E", 1:5),
                   N = paste0("N", 1:5), O = paste0("O", 1:5))
bfi_reverse <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
hs_scales <- list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"), speed = c("x7", "x8", "x9"))
sim <- read.csv(file.path(dat, "sim28.csv"))
sim_items <- setdiff(names(sim), "respondent")
sim_scales <- split(sim_items, sub("_[0-9]+$", "", sim_items))

# ---------------------------------------------------------------- reliability
# Reverse keys are recoded first as (low + high) - code with the scale's own low/high
# (bfi: 1..6), which is what cemsurvey does; psych::alpha is then run with check.keys = FALSE.
recode <- function(x, rev, low, high) { for (v in intersect(rev, names(x))) x[[v]] <- low + high - x[[v]]; x }

one_factor_omega <- function(x) {
  # McDonald's omega total from a one-factor ML CFA (lavaan, std.lv = TRUE):
  # (sum lambda)^2 / ((sum lambda)^2 + sum theta) on the raw item scale (model-implied total
  # variance) = semTools::compRelSEM(obs.var = FALSE).
  items <- names(x)
  model <- paste("f =~", paste(items, collapse = " + "))
  fit <- cfa(model, data = x, std.lv = TRUE, estimator = "ML")
  pe <- parameterEstimates(fit)
  lam <- pe$est[pe$op == "=~"]
  th <- pe$est[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% items]
  om <- sum(lam)^2 / (sum(lam)^2 + sum(th))
  om2 <- as.numeric(compRelSEM(fit, obs.var = FALSE))
  stopifnot(abs(om - om2) < 1e-10)
  om
}

rel_block <- function(x, scales, rev = character(), low = NA, high = NA, omega = TRUE, use = "complete") {
  if (length(rev)) x <- recode(x, rev, low, high)
  res <- list()
  for (s in names(scales)) {
    xi <- x[, scales[[s]], drop = FALSE]
    a <- psych::alpha(xi, check.keys = FALSE, warnings = FALSE, use = use)
    d <- psych::describe(xi, type = 3)
    items <- list()
    for (k in seq_along(scales[[s]])) {
      it <- scales[[s]][k]
      items[[it]] <- list(alpha_if_deleted = a$alpha.drop$raw_alpha[k],
                          alpha_std_if_deleted = a$alpha.drop$std.alpha[k],
                          item_rest_r = a$item.stats$r.drop[k],
                          mean = d$mean[k], sd = d$sd[k], skew = d$skew[k], kurtosis = d$kurtosis[k])
    }
    res[[s]] <- list(alpha = a$total$raw_alpha, alpha_std = a$total$std.alpha,
                     average_r = a$total$average_r, n = nrow(xi),
                     feldt = unname(c(a$feldt$lower.ci, a$feldt$upper.ci)),
                     omega = if (omega) one_factor_omega(xi) else NA, items = items)
  }
  res
}

bfi_cc <- bfi[complete.cases(bfi[, bfi_items]), bfi_items]
hs_x <- hs[, paste0("x", 1:9)]
sim_x <- sim[, sim_items]
save_json(list(
  bfi_listwise = c(list(n = nrow(bfi_cc)), rel_block(bfi_cc, bfi_scales, bfi_reverse, 1, 6)),
  # psych::alpha's own default: pairwise-complete covariances on all 2800 rows
  bfi_pairwise = rel_block(bfi[, bfi_items], bfi_scales, bfi_reverse, 1, 6, omega = FALSE, use = "pairwise"),
  hs = c(list(n = nrow(hs_x)), rel_block(hs_x, hs_scales)),
  sim28 = c(list(n = nrow(sim_x)), rel_block(sim_x, sim_scales))
), "reliability.json")

# ---------------------------------------------------------------- KMO, Bartlett, EFA
efa_block <- function(x, nf, runs) {
  R <- cor(x)
  k <- KMO(R)
  b <- cortest.bartlett(R, n = nrow(x))
  fits <- list()
  for (r in runs) {
    # a warning (non-convergence of the extraction or the rotation) would make the reference
    # meaningless: stop instead of writing it
    f <- withCallingHandlers(fa(x, nfactors = nf, fm = r[1], rotate = r[2]), warning = function(w)
      stop("psych::fa(fm = '", r[1], "', rotate = '", r[2], "') warned: ", conditionMessage(w)))
    fits[[paste(r[1], r[2], sep = "_")]] <- list(
      fm = r[1], rotate = r[2],
      loadings = unclass(f$loadings), structure = unclass(f$Structure),
      Phi = if (is.null(f$Phi)) NULL else unclass(f$Phi),
      communality = unname(f$communality), uniquenesses = unname(f$uniquenesses),
      ss_loadings = unname(f$Vaccounted[1, ]), values = f$values, e_values = f$e.values,
      items = colnames(x))
  }
  list(n = nrow(x), items = colnames(x), kmo = k$MSA, msa = unname(k$MSAi),
       bartlett = list(chi2 = b$chisq, df = b$df, p = b$p.value),
       eigenvalues = eigen(R)$values, fits = fits)
}
# Every extraction x rotation cemsurvey offers: minres, ml, pa x varimax, promax, oblimin,
# geomin (GPArotation's oblique geominQ, which cemsurvey's "geomin" is).
runs12 <- list()
for (fm in c("minres", "ml", "pa")) for (rot in c("varimax", "promax", "oblimin", "geominQ"))
  runs12[[length(runs12) + 1]] <- c(fm, rot)
# sim28 (112 items, 28 factors): minres + geominQ is left out because GPArotation itself does
# not converge there (GPFoblq stops at maxit = 1000 with a warning), so psych's numbers are
# not a solution to compare with.
runs_sim28 <- Filter(function(r) !(r[1] == "minres" && r[2] == "geominQ"), runs12)
efa <- list(
  bfi = efa_block(bfi_cc, 5, runs12),
  hs = efa_block(hs_x, 3, runs12),
  sim28 = efa_block(sim_x, 28, runs_sim28)
)
save_json(efa, "efa.json")

# ---------------------------------------------------------------- parallel analysis
# Horn's parallel analysis as psych::fa.parallel(sim = TRUE, SMC = TRUE): observed eigenvalues
# of R (pc) and of R with SMCs on the diagonal (fa) against the 95th percentile of the same
# eigenvalues from n.iter normal data sets of the same size. The decision is the number of
# leading observed eigenvalues above their percentile. We store the decisions and the
# percentiles from a long run (2000 draws) so tests check decisions, not random draws.
pa_block <- function(x, n_iter = 2000) {
  R <- cor(x); n <- nrow(x); p <- ncol(x)
  ev <- eigen(R, symmetric = TRUE)$values
  Rs <- R; diag(Rs) <- smc(R); evf <- eigen(Rs, symmetric = TRUE)$values
  sim_pc <- matrix(NA, n_iter, p); sim_fa <- matrix(NA, n_iter, p)
  for (i in 1:n_iter) {
    C <- cor(matrix(rnorm(n * p), n, p))
    sim_pc[i, ] <- eigen(C, symmetric = TRUE, only.values = TRUE)$values
    diag(C) <- smc(C)
    sim_fa[i, ] <- eigen(C, symmetric = TRUE, only.values = TRUE)$values
  }
  q_pc <- apply(sim_pc, 2, quantile, 0.95); q_fa <- apply(sim_fa, 2, quantile, 0.95)
  dec <- function(obs, q) which(!(obs > q))[1] - 1
  fp <- fa.parallel(x, fa = "both", SMC = TRUE, sim = TRUE, n.iter = 20, plot = FALSE)
  list(n = n, eigenvalues = ev, fa_eigenvalues = evf, q95_pc = q_pc, q95_fa = q_fa,
       ncomp = dec(ev, q_pc), nfact = dec(evf, q_fa),
       psych_fa_parallel = list(ncomp = fp$ncomp, nfact = fp$nfact))
}
save_json(list(bfi = pa_block(bfi_cc), hs = pa_block(hs_x), sim28 = pa_block(sim_x, 500)), "parallel.json")

# ---------------------------------------------------------------- timing (benchmarks/efa_bench.py reads it only for info)
tm <- replicate(5, system.time(fa(sim_x, nfactors = 28, fm = "minres", rotate = "oblimin"))[["elapsed"]])
save_json(list(psych_fa_sim28_minres_oblimin_seconds = median(tm)), "timing.json")
cat("psych reference written to", out, "\n")
