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

# the bfi five-factor model of the 25 items
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5),
               paste0("O", 1:5))
bfi_model <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, "f =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")

# Structural paths across groups (HS by school): the scalar model with regressions free in
# each group, then each path held equal across groups by one shared label; `...` goes to
# sem() (missing = "ml" for FIML). Returns the free model's fit and estimates and one
# lavTestLRT per path.
hs_paths <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9\n textual ~ visual\n speed ~ visual + textual"
path_equality <- function(data, fm_names, ...) {
  free <- sem(hs_paths, data = data, group = "school",
              group.equal = c("loadings", "intercepts"), ...)
  paths <- list(c("textual", "visual"), c("speed", "visual"), c("speed", "textual"))
  tests <- lapply(paths, function(pp) {
    lines <- strsplit(hs_paths, "\n")[[1]]
    i <- grep(paste0("^ ", pp[1], " ~ "), lines)
    rhs <- trimws(strsplit(sub(".*~", "", lines[i]), "\\+")[[1]])
    rhs <- ifelse(rhs == pp[2], paste0("c(b, b)*", rhs), rhs)
    lines[i] <- paste0(" ", pp[1], " ~ ", paste(rhs, collapse = " + "))
    con <- sem(paste(lines, collapse = "\n"), data = data, group = "school",
               group.equal = c("loadings", "intercepts"), ...)
    t <- lavTestLRT(free, con)
    list(path = paste(pp[1], "~", pp[2]), chisq = t[2, "Chisq diff"], df = t[2, "Df diff"],
         p = t[2, "Pr(>Chisq)"])
  })
  list(fit = as.list(fitMeasures(free, fm_names)),
       estimates = parameterEstimates(free)[, c("lhs", "op", "rhs", "group", "est", "se")],
       paths = tests)
}
