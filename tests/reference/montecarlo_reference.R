# Reference values for cemsurvey's Monte Carlo power (issue 20): the analytic power of a path
# test by Satorra & Saris (1985), computed with lavaan.
# Run from the repository root:  Rscript tests/reference/montecarlo_reference.R
# Writes tests/reference/montecarlo/satorra_saris.json (full precision, digits = NA).
#
# For each case the standardized population covariance matrix is built in closed form
# (every latent and observed variance 1), the model with one path fixed to 0 is fitted to it
# (sample.cov.rescale = FALSE, so S is exactly the population matrix), and
#   lambda(N) = chisq = N * F_ML   (lavaan's chisq; its fmin is F_ML / 2)
#   power(N)  = P(chi2_1(lambda) > qchisq(1 - alpha, 1))
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
out <- "tests/reference/montecarlo"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
alpha <- 0.05
ns <- c(100, 150, 200, 250, 300, 400)

# population: latents in causal order; B (regressions), exogenous variances 1,
# disturbances 1 - explained variance; items load lambda with residual 1 - lambda^2
population <- function(lat, items_of, B, lambda) {
  m <- length(lat)
  Psi <- diag(m)
  for (j in seq_len(m)) {
    if (any(B[j, ] != 0)) {
      A <- solve(diag(m) - B)
      Psi[j, j] <- 0
      Psi[j, j] <- 1 - (A %*% Psi %*% t(A))[j, j]
    }
  }
  A <- solve(diag(m) - B)
  Phi <- A %*% Psi %*% t(A)
  items <- unlist(items_of)
  L <- matrix(0, length(items), m)
  k <- 0
  for (j in seq_len(m)) for (it in items_of[[j]]) { k <- k + 1; L[k, j] <- lambda }
  S <- L %*% Phi %*% t(L)
  diag(S) <- 1
  dimnames(S) <- list(items, items)
  S
}

analytic <- function(name, S, model0, path) {
  rows <- lapply(ns, function(n) {
    f <- sem(model0, sample.cov = S, sample.nobs = n, sample.cov.rescale = FALSE)
    lam <- unname(fitMeasures(f, "chisq"))
    list(n = n, ncp = lam,
         power = pchisq(qchisq(1 - alpha, 1), 1, ncp = lam, lower.tail = FALSE))
  })
  f1 <- sem(model0, sample.cov = S, sample.nobs = 1000, sample.cov.rescale = FALSE)
  list(name = name, path = path, alpha = alpha, model_restricted = model0,
       fmin = 2 * unname(fitMeasures(f1, "fmin")), by_n = rows)
}

cases <- list()
# 1. two constructs, three items each, loadings .7, Y ~ X = .2 (the issue's model)
items2 <- list(c("X1", "X2", "X3"), c("Y1", "Y2", "Y3"))
B2 <- matrix(c(0, 0.2, 0, 0), 2, 2)   # B[2, 1] = .2: Y ~ X
S2 <- population(c("X", "Y"), items2, B2, 0.7)
cases[[1]] <- analytic("two_constructs", S2,
                       "X =~ X1 + X2 + X3\nY =~ Y1 + Y2 + Y3\nY ~ 0*X", "Y ~ X")
cases[[1]]$population <- S2
# 2. mediation X -> M -> Y with a direct path, loadings .7; each path fixed to 0 in turn
items3 <- list(c("X1", "X2", "X3"), c("M1", "M2", "M3"), c("Y1", "Y2", "Y3"))
B3 <- matrix(0, 3, 3); B3[2, 1] <- 0.3; B3[3, 2] <- 0.3; B3[3, 1] <- 0.1
S3 <- population(c("X", "M", "Y"), items3, B3, 0.7)
meas <- "X =~ X1 + X2 + X3\nM =~ M1 + M2 + M3\nY =~ Y1 + Y2 + Y3\n"
cases[[2]] <- analytic("mediation_M_X", S3, paste0(meas, "M ~ 0*X\nY ~ M + X"), "M ~ X")
cases[[3]] <- analytic("mediation_Y_M", S3, paste0(meas, "M ~ X\nY ~ 0*M + X"), "Y ~ M")
cases[[4]] <- analytic("mediation_Y_X", S3, paste0(meas, "M ~ X\nY ~ M + 0*X"), "Y ~ X")
cases[[2]]$population <- S3

res <- list(lavaan = as.character(packageVersion("lavaan")),
            R = paste(R.version$major, R.version$minor, sep = "."), cases = cases)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, matrix = "rowmajor", pretty = TRUE),
           file.path(out, "satorra_saris.json"))
for (cs in cases) cat(cs$name, cs$path, "fmin", cs$fmin, "power at 200",
                      cs$by_n[[3]]$power, "\n")
