# Reference values for cemsurvey's validity statistics (composite reliability, AVE, HTMT,
# HTMT2) from lavaan + semTools, written to tests/reference/validity/<case>.json.
# The Python tests feed lavaan's parameter estimates stored here into
# cemsurvey.psychometrics.validity and compare with semTools at 1e-6.
# Run from the repository root:  Rscript tests/reference/validity_reference.R
suppressPackageStartupMessages({ library(lavaan); library(semTools); library(jsonlite) })
dat <- "tests/reference/data"
out <- "tests/reference/validity"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

reference <- function(name, model, data, constructs, reverse = character(0), note = "") {
  fit <- cfa(model, data = data, std.lv = FALSE, estimator = "ML")
  pe <- parameterEstimates(fit, standardized = TRUE)
  lo <- pe[pe$op == "=~", ]
  vv <- pe[pe$op == "~~" & pe$lhs %in% unlist(constructs) & pe$rhs %in% unlist(constructs), ]
  psi <- lavInspect(fit, "est")$psi
  cor_lv <- lavInspect(fit, "cor.lv")
  theta <- lavInspect(fit, "est")$theta
  S <- lavInspect(fit, "sampstat")$cov
  mat <- function(m) { m <- unclass(as.matrix(m)); lapply(seq_len(nrow(m)), function(i) as.numeric(m[i, ])) }
  res <- list(
    case = name, note = note, model = model, n = lavInspect(fit, "nobs"),
    constructs = constructs, reverse = reverse,
    converged = lavInspect(fit, "converged"),
    loadings = data.frame(construct = lo$lhs, item = lo$rhs, est = lo$est, std = lo$std.all),
    latent_names = rownames(psi), psi = mat(psi), cor_lv = mat(cor_lv),
    item_names = rownames(theta), theta = mat(theta),
    residual_covariances = data.frame(lhs = vv$lhs, rhs = vv$rhs, est = vv$est)[vv$lhs != vv$rhs, ],
    sample_cov = mat(S),
    semtools = list(
      cr_model = as.list(compRelSEM(fit, obs.var = FALSE)),
      cr_observed = as.list(compRelSEM(fit, obs.var = TRUE)),
      ave_model = as.list(unclass(AVE(fit, obs.var = FALSE))),
      ave_observed = as.list(unclass(AVE(fit, obs.var = TRUE))),
      htmt = mat(htmt(model, data = data, htmt2 = FALSE, absolute = TRUE)),
      htmt_signed = mat(htmt(model, data = data, htmt2 = FALSE, absolute = FALSE)),
      htmt2 = mat(htmt(model, data = data, htmt2 = TRUE))
    ),
    versions = list(R = paste(R.version$major, R.version$minor),
                    lavaan = as.character(packageVersion("lavaan")),
                    semTools = as.character(packageVersion("semTools")))
  )
  writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, dataframe = "rows"),
             file.path(out, paste0(name, ".json")))
  cat(name, "done\n")
}

syntax <- function(constructs) paste(sprintf("%s =~ %s", names(constructs),
  sapply(constructs, paste, collapse = " + ")), collapse = "\n")

# Holzinger-Swineford, three factors (lavaan tutorial)
hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
hs_c <- list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"), speed = c("x7", "x8", "x9"))
reference("hs", syntax(hs_c), hs, hs_c)
# ... with a residual covariance inside a construct (exercises the 2 * sum theta_ij term)
reference("hs_rescov", paste(syntax(hs_c), "x7 ~~ x8", sep = "\n"), hs, hs_c,
          note = "residual covariance x7 ~~ x8")

# bfi five factors, complete cases on the 25 items, reverse-keyed items recoded 7 - x
bfi <- read.csv(file.path(dat, "bfi.csv"))
bfi_c <- list(A = paste0("A", 1:5), C = paste0("C", 1:5), E = paste0("E", 1:5),
              N = paste0("N", 1:5), O = paste0("O", 1:5))
rev <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
items <- unlist(bfi_c)
b <- bfi[complete.cases(bfi[, items]), items]
b[, rev] <- 7 - b[, rev]
reference("bfi", syntax(bfi_c), b, bfi_c, reverse = rev,
          note = "complete cases on the 25 items; reverse-keyed items recoded 7 - x")

# simulated 28-construct, 112-item Likert data (N = 385), first-order CFA
sim <- read.csv(file.path(dat, "sim28.csv"))
sim_c <- list()
for (k in 1:28) { f <- sprintf("F%02d", k); sim_c[[f]] <- paste0(f, "_", 1:4) }
reference("sim28", syntax(sim_c), sim[, unlist(sim_c)], sim_c)
