# Reference values for measurement invariance with ordered items (WLSMV) from lavaan/semTools.
# Levels follow Wu & Estabrook (2016) as semTools::measEq.syntax writes them
# (ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", parameterization = "delta"):
#   configural; thresholds; thresholds + loadings (metric); + intercepts (scalar).
# Each level is fitted by lavaan (estimator WLSMV: DWLS, robust SEs, scaled-shifted test) and the
# adjacent levels are compared with lavTestLRT's default for that test (method "satorra.2000").
# Data (written to tests/reference/data/):
#   hs4_school.csv  HolzingerSwineford1939 x1-x9 cut into 4 categories at the whole-sample
#                   quartiles, by school;
#   bfi_ac_gender   psychTools::bfi A1-A5 and C1-C5 (6 categories) by gender, complete cases
#                   (read from data/bfi.csv).
# Run from the repository root:  Rscript tests/reference/invariance_wlsmv_reference.R
suppressPackageStartupMessages({ library(lavaan); library(semTools); library(jsonlite) })
out <- "tests/reference/invariance_wlsmv"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

levels <- list(configural = "", thresholds = "thresholds",
               metric = c("thresholds", "loadings"),
               scalar = c("thresholds", "loadings", "intercepts"))
fm_names <- c("npar", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "baseline.chisq", "baseline.df",
              "baseline.chisq.scaled", "baseline.df.scaled", "baseline.chisq.scaling.factor",
              "cfi", "tli", "rmsea", "cfi.scaled",
              "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled",
              "srmr")

run <- function(name, model, data, group, items) {
  fits <- list(); syntax <- list()
  for (lv in names(levels)) {
    eq <- levels[[lv]]
    s <- measEq.syntax(model, data = data, ordered = items, parameterization = "delta",
                       ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", group = group,
                       group.equal = eq)
    syntax[[lv]] <- as.character(s)
    fits[[lv]] <- cfa(as.character(s), data = data, group = group, ordered = items,
                      estimator = "WLSMV", parameterization = "delta")
  }
  res <- list(estimator = "WLSMV", group = group,
              group_labels = lavInspect(fits[[1]], "group.label"),
              n = lavInspect(fits[[1]], "nobs"), items = items, levels = list())
  for (lv in names(levels)) {
    f <- fits[[lv]]
    pe <- parameterEstimates(f)
    res$levels[[lv]] <- list(fit = as.list(fitMeasures(f, fm_names)),
                             converged = lavInspect(f, "converged"),
                             estimates = pe[, c("lhs", "op", "rhs", "group", "est", "se")],
                             syntax = syntax[[lv]])
  }
  comp <- list()
  nm <- names(levels)
  for (i in 2:length(nm)) {
    t <- lavTestLRT(fits[[nm[i - 1]]], fits[[nm[i]]])   # default: satorra.2000, A.method delta
    comp[[nm[i]]] <- list(delta_chisq = t[2, "Chisq diff"], delta_df = t[2, "Df diff"],
                          p = t[2, "Pr(>Chisq)"], method = attr(t, "heading"))
  }
  res$differences <- comp
  write_json(res, file.path(out, paste0(name, ".json")), digits = NA, auto_unbox = TRUE,
             pretty = TRUE)
}

hs <- read.csv("tests/reference/data/holzinger_swineford.csv")
hs4 <- hs[, c("id", "school")]
for (v in paste0("x", 1:9)) {
  hs4[[v]] <- as.integer(cut(hs[[v]], quantile(hs[[v]], c(0, .25, .5, .75, 1)),
                             include.lowest = TRUE))
}
write.csv(hs4, "tests/reference/data/hs4_school.csv", row.names = FALSE)
hs_model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
run("hs4_school", hs_model, hs4, "school", paste0("x", 1:9))

bfi <- read.csv("tests/reference/data/bfi.csv")
ac <- c(paste0("A", 1:5), paste0("C", 1:5))
bfi_ac <- bfi[complete.cases(bfi[, c(ac, "gender")]), c(ac, "gender")]
run("bfi_ac_gender", "agree =~ A1 + A2 + A3 + A4 + A5\n consc =~ C1 + C2 + C3 + C4 + C5",
    bfi_ac, "gender", ac)

writeLines(c(R.version.string, paste("lavaan", packageVersion("lavaan")),
             paste("semTools", packageVersion("semTools"))), file.path(out, "VERSIONS.txt"))
