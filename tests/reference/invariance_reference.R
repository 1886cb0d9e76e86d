# Reference values for measurement invariance (multi-group CFA) from lavaan.
# Levels follow lavaan's group.equal semantics: configural; metric = "loadings";
# scalar = c("loadings", "intercepts"); strict = c("loadings", "intercepts", "residuals").
# Data: HolzingerSwineford1939 by school (ML and MLR) and psychTools::bfi by gender (ML, listwise).
# Run from the repository root:  Rscript tests/reference/invariance_reference.R
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
out <- "tests/reference/invariance"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

source("tests/reference/invariance_helpers.R")   # levels, level_differences, score_tests
fm_names <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
              "srmr", "aic", "bic", "logl", "npar", "baseline.chisq", "baseline.df")
fm_robust <- c("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
               "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
               "baseline.chisq.scaled")

run <- function(name, model, data, group, estimator) {
  fits <- lapply(levels, function(eq) cfa(model, data = data, group = group, group.equal = eq,
                                          estimator = estimator, meanstructure = TRUE))
  res <- list(estimator = estimator, group = group, group_labels = lavInspect(fits[[1]], "group.label"),
              n = lavInspect(fits[[1]], "nobs"), levels = list())
  for (lv in names(levels)) {
    f <- fits[[lv]]
    want <- if (estimator == "MLR") c(fm_names, fm_robust) else fm_names
    pe <- parameterEstimates(f)
    res$levels[[lv]] <- list(
      fit = as.list(fitMeasures(f, want)),
      estimates = pe[, c("lhs", "op", "rhs", "group", "est", "se")])
  }
  res$differences <- level_differences(fits, estimator)
  res$score_tests <- score_tests(fits)
  write_json(res, file.path(out, paste0(name, ".json")), digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

hs_model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
HS <- HolzingerSwineford1939
run("hs_school_ml", hs_model, HS, "school", "ML")
run("hs_school_mlr", hs_model, HS, "school", "MLR")

bfi <- psychTools::bfi
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
bfi <- bfi[complete.cases(bfi[, c(items, "gender")]), c(items, "gender")]
bfi_model <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, "f =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")
run("bfi_gender_ml", bfi_model, bfi, "gender", "ML")
run("bfi_gender_mlr", bfi_model, bfi, "gender", "MLR")
writeLines(c(paste("R", R.version$major, R.version$minor), paste("lavaan", packageVersion("lavaan"))),
           file.path(out, "VERSIONS.txt"))

# Structural paths across groups (HS by school): the scalar model with regressions free in
# each group, then each path constrained equal across groups (one label shared by both).
hs_paths <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9\n textual ~ visual\n speed ~ visual + textual"
free <- sem(hs_paths, data = HS, group = "school", group.equal = c("loadings", "intercepts"))
paths <- list(c("textual", "visual"), c("speed", "visual"), c("speed", "textual"))
tests <- lapply(paths, function(pp) {
  m <- sub(paste0(pp[1], " ~ "), paste0(pp[1], " ~ "), hs_paths, fixed = TRUE)
  lines <- strsplit(hs_paths, "\n")[[1]]
  i <- grep(paste0("^ ", pp[1], " ~ "), lines)
  rhs <- trimws(strsplit(sub(".*~", "", lines[i]), "\\+")[[1]])
  rhs <- ifelse(rhs == pp[2], paste0("c(b, b)*", rhs), rhs)
  lines[i] <- paste0(" ", pp[1], " ~ ", paste(rhs, collapse = " + "))
  con <- sem(paste(lines, collapse = "\n"), data = HS, group = "school",
             group.equal = c("loadings", "intercepts"))
  t <- lavTestLRT(free, con)
  list(path = paste(pp[1], "~", pp[2]), chisq = t[2, "Chisq diff"], df = t[2, "Df diff"],
       p = t[2, "Pr(>Chisq)"])
})
write_json(list(fit = as.list(fitMeasures(free, fm_names)),
                estimates = parameterEstimates(free)[, c("lhs", "op", "rhs", "group", "est", "se")],
                paths = tests),
           file.path(out, "hs_school_paths.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
