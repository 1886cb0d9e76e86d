# Shared by invariance_reference.R and invariance_fiml_reference.R (sourced, not a reference
# script of its own): the four levels, the differences between adjacent levels and the
# univariate score tests of each level's equality constraints.

levels <- list(configural = "", metric = c("loadings"),
               scalar = c("loadings", "intercepts"),
               strict = c("loadings", "intercepts", "residuals"))

# lavTestLRT between adjacent levels (Satorra-Bentler 2001 under MLR)
level_differences <- function(fits, estimator) {
  comp <- list()
  nm <- names(fits)
  for (i in 2:length(nm)) {
    m <- if (estimator == "MLR") "satorra.bentler.2001" else "default"
    t <- lavTestLRT(fits[[nm[i - 1]]], fits[[nm[i]]], method = m)
    comp[[nm[i]]] <- list(delta_chisq = t[2, "Chisq diff"], delta_df = t[2, "Df diff"],
                          p = t[2, "Pr(>Chisq)"])
  }
  comp
}

# univariate score tests of each equality constraint (releasing it), lavTestScore's default
# expected information (under missing = "ml" the expected information of the FIML model);
# each constraint's plabels are mapped back to "lhs op rhs g group"
score_tests <- function(fits) {
  st <- list()
  for (lv in c("metric", "scalar", "strict")) {
    s <- lavTestScore(fits[[lv]], univariate = TRUE, cumulative = FALSE, epc = FALSE)
    pt <- parTable(fits[[lv]])
    u <- s$uni
    lab <- function(pl) { r <- pt[pt$plabel == pl, ][1, ]; paste(r$lhs, r$op, r$rhs, "g", r$group) }
    u$lhs_par <- vapply(u$lhs, lab, "")
    u$rhs_par <- vapply(u$rhs, lab, "")
    st[[lv]] <- list(total = as.list(s$test[1, c("X2", "df", "p.value")]),
                     univariate = u[, c("lhs_par", "rhs_par", "X2", "df", "p.value")])
  }
  st
}
