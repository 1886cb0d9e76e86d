# Reference values for cemsurvey's PLS-SEM (tests/reference/pls/seminr_mobi.json).
#
# R packages for PLS path modeling (seminr, plspm, semPLS, cSEM) are not in Debian and
# could not be installed on the build machine, so this script was NOT run here: the JSON
# holds the values seminr's own test suite publishes for exactly this model
# (sem-in-r/seminr, tests/testthat/test-inner_weighting.R and its fixtures, see "source"
# in the JSON). With seminr installed, this script regenerates them:
#
#   Rscript tests/reference/pls_reference.R
library(seminr)
mobi <- read.csv("tests/reference/pls/mobi.csv")
mm <- constructs(
  composite("Image",        multi_items("IMAG", 1:5), weights = mode_A),
  composite("Expectation",  multi_items("CUEX", 1:3), weights = mode_A),
  composite("Value",        multi_items("PERV", 1:2), weights = mode_A),
  composite("Satisfaction", multi_items("CUSA", 1:3), weights = mode_A)
)
sm <- relationships(paths(to = "Satisfaction", from = c("Image", "Expectation", "Value")))
for (scheme in c("path", "factorial")) {
  fit <- estimate_pls(mobi, mm, sm,
                      inner_weights = if (scheme == "path") path_weighting else path_factorial)
  cat(scheme, "\n")
  print(fit$path_coef[1:3, "Satisfaction"], digits = 15)
  w <- fit$outer_weights
  print(w[w != 0], digits = 15)
}
fit <- estimate_pls(mobi, mm, sm, inner_weights = path_weighting)
s <- summary(fit)
print(s$paths, digits = 15)          # R^2 and adjusted R^2
print(s$reliability, digits = 15)    # alpha, rhoC, AVE, rhoA
print(s$validity$htmt, digits = 15)  # HTMT
