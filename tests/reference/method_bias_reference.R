# Reference values for cemsurvey's common-method-bias and discriminant-validity checks
# (cemsurvey.psychometrics.method_bias, cemsurvey.psychometrics.discriminant), written to
# tests/reference/method_bias/<case>.json. The Python tests read these files; they never call R.
#   * Harman's single factor: psych::principal(nfactors = 1, rotate = "none") and
#     psych::fa(nfactors = 1) (minres), proportion of variance of the one factor;
#   * full-collinearity VIFs (Kock 2015): 1 / (1 - R^2) of lm(score_j ~ other scores), mean scores;
#   * equality-constrained CFA: lavaan with shared labels (the engine's identity test);
#   * common latent factor (equal loadings, unit variance, orthogonal to the traits) vs the CFA;
#   * marker technique (Williams, Hartman & Cavazotte 2010): CFA, baseline, method-C, method-U,
#     method-R (std.lv = TRUE);
#   * Lindell & Whitney (2001) corrected correlations of mean scores;
#   * semTools::discriminantValidity (cutoff .90 and .85).
# Run from the repository root:  Rscript tests/reference/method_bias_reference.R
suppressPackageStartupMessages({ library(lavaan); library(semTools); library(psych); library(jsonlite) })
dat <- "tests/reference/data"
out <- "tests/reference/method_bias"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
syntax <- function(cs) paste(sprintf("%s =~ %s", names(cs), sapply(cs, paste, collapse = " + ")),
                             collapse = "\n")
fm <- function(fit) as.list(fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea",
  "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "logl", "aic", "bic", "npar", "baseline.chisq")))
pe <- function(fit) {  # parameterEstimates and standardizedSolution, row by row
  p <- parameterEstimates(fit)
  s <- standardizedSolution(fit)
  list(estimates = data.frame(lhs = p$lhs, op = p$op, rhs = p$rhs, est = p$est, se = p$se, z = p$z),
       standardized = data.frame(lhs = s$lhs, op = s$op, rhs = s$rhs, est.std = s$est.std, se = s$se))
}
harman <- function(x) {
  pc <- principal(x, nfactors = 1, rotate = "none")
  f1 <- fa(x, nfactors = 1, rotate = "none", fm = "minres")
  list(pca_share = unname(pc$Vaccounted["Proportion Var", 1]),
       pca_loadings = as.list(setNames(as.numeric(pc$loadings[, 1]), rownames(pc$loadings))),
       efa_share = unname(f1$Vaccounted["Proportion Var", 1]),
       efa_loadings = as.list(setNames(as.numeric(f1$loadings[, 1]), rownames(f1$loadings))))
}
vifs <- function(scores) {
  sapply(names(scores), function(v) {
    r2 <- summary(lm(reformulate(setdiff(names(scores), v), v), data = scores))$r.squared
    1 / (1 - r2) })
}
clf <- function(cs, x) {
  base <- syntax(cs)
  items <- unlist(cs)
  m <- paste0("CMV =~ NA*", items[1], " + ", paste0("a*", items, collapse = " + "),
              "\nCMV ~~ 1*CMV\n", paste0("CMV ~~ 0*", names(cs), collapse = "\n"))
  f0 <- cfa(base, data = x)
  f1 <- cfa(paste(base, m, sep = "\n"), data = x)
  list(syntax = paste(base, m, sep = "\n"), trait = list(fit = fm(f0), parameters = pe(f0)),
       clf = list(fit = fm(f1), parameters = pe(f1)),
       lrt = as.list(lavTestLRT(f0, f1)[2, c("Chisq diff", "Df diff", "Pr(>Chisq)")]))
}
discriminant <- function(model, x) {
  assign("dv_data", x, envir = globalenv())  # discriminantValidity refits via update()
  fit <- cfa(model, data = dv_data, std.lv = TRUE)
  one <- function(cut) {
    d <- discriminantValidity(fit, cutoff = cut)
    data.frame(lhs = d$lhs, rhs = d$rhs, est = d$est, ci_lower = d$ci.lower, ci_upper = d$ci.upper,
               chisq = d$Chisq, df = d$Df, chisq_diff = d[["Chisq diff"]],
               df_diff = d[["Df diff"]], p = d[["Pr(>Chisq)"]])
  }
  list(fit = fm(fit), cut90 = one(0.90), cut85 = one(0.85))
}
lindell_whitney <- function(scores, marker, n) {
  r <- cor(scores)
  sub <- setdiff(names(scores), marker)
  rm <- r[marker, sub]; rm <- if (any(rm > 0)) min(rm[rm > 0]) else 0  # smallest positive
  pairs <- t(combn(sub, 2))
  ru <- r[pairs]
  ra <- (ru - rm) / (1 - rm)
  t <- ra / sqrt((1 - ra^2) / (n - 3))
  list(r_marker = rm, lhs = pairs[, 1], rhs = pairs[, 2], r = ru, r_adjusted = ra, t = t,
       p = 2 * pt(-abs(t), n - 3))
}
write_case <- function(name, res) {
  res$versions <- list(R = paste(R.version$major, R.version$minor),
                       lavaan = as.character(packageVersion("lavaan")),
                       semTools = as.character(packageVersion("semTools")),
                       psych = as.character(packageVersion("psych")))
  writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, dataframe = "rows", na = "null"),
             file.path(out, paste0(name, ".json")))
  cat(name, "done\n")
}

# ---------------------------------------------------------------- Holzinger-Swineford
hs <- read.csv(file.path(dat, "holzinger_swineford.csv"))
hs_c <- list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"), speed = c("x7", "x8", "x9"))
items <- unlist(hs_c)
scores <- as.data.frame(sapply(hs_c, function(v) rowMeans(hs[, v])))
# equality constraints (engine identity): equal loadings within textual, equal residual variances x7, x8
eq_model <- paste(syntax(list(visual = hs_c$visual, speed = hs_c$speed)),
                  "textual =~ x4 + b*x5 + b*x6", "x7 ~~ e*x7\nx8 ~~ e*x8", sep = "\n")
eq_fit <- cfa(eq_model, data = hs)
# marker technique: speed is the (declared) marker construct
cfa_std <- cfa(syntax(hs_c), data = hs, std.lv = TRUE)
p <- parameterEstimates(cfa_std)
lam <- setNames(p$est[p$op == "=~" & p$lhs == "speed"], p$rhs[p$op == "=~" & p$lhs == "speed"])
th <- setNames(p$est[p$op == "~~" & p$lhs %in% names(lam) & p$lhs == p$rhs],
               p$lhs[p$op == "~~" & p$lhs %in% names(lam) & p$lhs == p$rhs])
subst <- c(hs_c$visual, hs_c$textual)
mk_marker <- paste0("speed =~ ", paste0(lam, "*", names(lam), collapse = " + "), "\n",
                    paste0(names(th), " ~~ ", th, "*", names(th), collapse = "\n"),
                    "\nspeed ~~ 0*visual + 0*textual")
traits <- syntax(list(visual = hs_c$visual, textual = hs_c$textual))
baseline <- cfa(paste(traits, mk_marker, sep = "\n"), data = hs, std.lv = TRUE)
method_c_syntax <- paste(traits, mk_marker, paste0("speed =~ ", paste0("m*", subst, collapse = " + ")), sep = "\n")
method_c <- cfa(method_c_syntax, data = hs, std.lv = TRUE)
method_u_syntax <- paste(traits, mk_marker, paste0("speed =~ ", paste0(subst, collapse = " + ")), sep = "\n")
method_u <- cfa(method_u_syntax, data = hs, std.lv = TRUE)
r_base <- lavInspect(baseline, "est")$psi["visual", "textual"]
method_r <- cfa(paste(method_c_syntax, paste0("visual ~~ ", r_base, "*textual"), sep = "\n"),
                data = hs, std.lv = TRUE)
lrt <- function(a, b) as.list(lavTestLRT(a, b)[2, c("Chisq diff", "Df diff", "Pr(>Chisq)")])
write_case("hs", list(
  n = nrow(hs), constructs = hs_c,
  harman = harman(hs[, items]),
  full_collinearity_vif = as.list(vifs(scores)),
  equality = list(syntax = eq_model, fit = fm(eq_fit), parameters = pe(eq_fit)),
  clf = clf(hs_c, hs),
  marker = list(marker = "speed", cfa = list(fit = fm(cfa_std), parameters = pe(cfa_std)),
                baseline = list(fit = fm(baseline), parameters = pe(baseline)),
                method_c = list(fit = fm(method_c), parameters = pe(method_c)),
                method_u = list(fit = fm(method_u), parameters = pe(method_u)),
                method_r = list(fit = fm(method_r), parameters = pe(method_r)),
                baseline_vs_c = lrt(method_c, baseline), c_vs_u = lrt(method_u, method_c),
                c_vs_r = lrt(method_c, method_r)),
  lindell_whitney = lindell_whitney(scores, "speed", nrow(hs)),
  discriminant = discriminant(syntax(hs_c), hs)))

# ---------------------------------------------------------------- bfi (complete cases, reversed)
bfi <- read.csv(file.path(dat, "bfi.csv"))
bfi_c <- list(agree = paste0("A", 1:5), consc = paste0("C", 1:5), extra = paste0("E", 1:5),
              neuro = paste0("N", 1:5), open = paste0("O", 1:5))
rev <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
b <- bfi[complete.cases(bfi[, unlist(bfi_c)]), unlist(bfi_c)]
b[, rev] <- 7 - b[, rev]
bscores <- as.data.frame(sapply(bfi_c, function(v) rowMeans(b[, v])))
write_case("bfi", list(
  n = nrow(b), constructs = bfi_c, reverse = rev,
  harman = harman(b),
  full_collinearity_vif = as.list(vifs(bscores)),
  clf = clf(bfi_c, b),
  lindell_whitney = lindell_whitney(bscores, "open", nrow(b)),
  discriminant = discriminant(syntax(bfi_c), b)))
