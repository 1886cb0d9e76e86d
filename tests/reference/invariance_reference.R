# Reference values for measurement invariance (multi-group CFA) from lavaan.
# Levels follow lavaan's group.equal semantics: configural; metric = "loadings";
# scalar = c("loadings", "intercepts"); strict = c("loadings", "intercepts", "residuals").
# Data: HolzingerSwineford1939 by school (ML and MLR) and psychTools::bfi by gender (ML, listwise).
# Run from the repository root:  Rscript tests/reference/invariance_reference.R
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
out <- "tests/reference/invariance"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

source("tests/reference/invariance_helpers.R")   # levels, differences, score tests, bfi_model, path_equality
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
items <- bfi_items
bfi <- bfi[complete.cases(bfi[, c(items, "gender")]), c(items, "gender")]
run("bfi_gender_ml", bfi_model, bfi, "gender", "ML")
run("bfi_gender_mlr", bfi_model, bfi, "gender", "MLR")
writeLines(c(paste("R", R.version$major, R.version$minor), paste("lavaan", packageVersion("lavaan"))),
           file.path(out, "VERSIONS.txt"))

# Structural paths across groups (HS by school): the scalar model with regressions free in
# each group, then each path constrained equal across groups (one label shared by both).
write_json(path_equality(HS, fm_names),
           file.path(out, "hs_school_paths.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
