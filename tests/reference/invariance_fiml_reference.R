# Reference values for measurement invariance with missing answers (multi-group FIML) from lavaan.
# Levels as in invariance_reference.R (group.equal), fitted with missing = "ml" (FIML), ML and MLR.
# Data: (a) HolzingerSwineford1939 by school with MCAR gaps planted here (set.seed(1717), 10% of
# each of x1-x9; written to data/hs_school_gaps.csv so the Python tests read the very same data);
# (b) psychTools::bfi by gender with its natural gaps (data/bfi.csv), the five-factor 25-item model.
# Run from the repository root:  Rscript tests/reference/invariance_fiml_reference.R
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
out <- "tests/reference/invariance"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

source("tests/reference/invariance_helpers.R")   # levels, differences, score tests, bfi_model, path_equality
fm_names <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
              "srmr", "aic", "bic", "logl", "unrestricted.logl", "npar", "baseline.chisq",
              "baseline.df")
fm_robust <- c("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
               "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
               "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust",
               "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust")

run <- function(name, model, data, group, estimator) {
  fits <- lapply(levels, function(eq) cfa(model, data = data, group = group, group.equal = eq,
                                          estimator = estimator, missing = "ml"))
  opt <- lavInspect(fits[[1]], "options")
  res <- list(estimator = estimator, missing = "ml", group = group,
              group_labels = lavInspect(fits[[1]], "group.label"),
              n = lavInspect(fits[[1]], "nobs"),
              options = list(information = opt$information[1], h1.information = opt$h1.information[1],
                             observed.information = opt$observed.information[1], test = opt$test,
                             se = opt$se),
              levels = list())
  for (lv in names(levels)) {
    f <- fits[[lv]]
    want <- if (estimator == "MLR") c(fm_names, fm_robust) else fm_names
    pe <- parameterEstimates(f)
    res$levels[[lv]] <- list(
      converged = lavInspect(f, "converged"),
      fit = as.list(fitMeasures(f, want)),
      estimates = pe[, c("lhs", "op", "rhs", "group", "est", "se")])
  }
  res$differences <- level_differences(fits, estimator)
  res$score_tests <- score_tests(fits)
  write_json(res, file.path(out, paste0(name, ".json")), digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

hs_model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
HS <- HolzingerSwineford1939[, c("id", "school", paste0("x", 1:9))]
set.seed(1717)
for (v in paste0("x", 1:9)) HS[sample(nrow(HS), round(0.10 * nrow(HS))), v] <- NA
stopifnot(all(rowSums(!is.na(HS[, paste0("x", 1:9)])) > 0))
write.csv(HS, "tests/reference/data/hs_school_gaps.csv", row.names = FALSE, na = "")
HS <- read.csv("tests/reference/data/hs_school_gaps.csv")   # the very numbers Python reads
run("hs_school_fiml_ml", hs_model, HS, "school", "ML")
run("hs_school_fiml_mlr", hs_model, HS, "school", "MLR")

items <- bfi_items
bfi <- read.csv("tests/reference/data/bfi.csv")[, c(items, "gender")]
run("bfi_gender_fiml_ml", bfi_model, bfi, "gender", "ML")
run("bfi_gender_fiml_mlr", bfi_model, bfi, "gender", "MLR")
writeLines(c(paste("R", R.version$major, R.version$minor), paste("lavaan", packageVersion("lavaan"))),
           file.path(out, "VERSIONS.txt"))

# Structural paths across groups under FIML (HS with gaps by school): the scalar model with
# regressions free in each group, then each path held equal across groups by a shared label.
write_json(path_equality(HS, fm_names, missing = "ml"),
           file.path(out, "hs_school_fiml_paths.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
