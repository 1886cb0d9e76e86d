# Reference values for cemsurvey's group comparisons (cemsurvey.psychometrics.groups).
# Writes the fixture tests/reference/groups/fixture.csv (seeded) and the R results
# tests/reference/groups/reference.json; then, for the two data sets of pingouin's own
# documented examples (pain threshold by hair colour, McClave & Dietrich 1991, from
# pingouin's welch_anova docstring; penguin body mass by species, palmerpenguins (CC0),
# from its pairwise_gameshowell docstring; stored as pain_threshold.csv and
# penguins_mass.csv) and a small two-group sample where scipy would switch to the exact
# Mann-Whitney test, tests/reference/groups/examples.json. Run from the repository root:
#   Rscript tests/reference/groups_reference.R
suppressPackageStartupMessages(library(jsonlite))
out <- "tests/reference/groups"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20240611)
n <- 150
g3 <- sample(1:3, n, replace = TRUE, prob = c(.5, .3, .2))
g2 <- ifelse(g3 == 1, 1, 2)
# construct scores on a 5-point scale (means of 4 items: steps of .25, many ties)
mk <- function(shift, sd) pmin(5, pmax(1, round((3 + shift + rnorm(n, 0, sd)) * 4) / 4))
S1 <- mk(c(0, .4, .8)[g3], c(.6, .9, 1.2)[g3])      # planted differences, unequal variances
S2 <- mk(0, .8)                                       # planted null
fx <- data.frame(respondent = sprintf("r%03d", 1:n), group2 = g2, group3 = g3, S1 = S1, S2 = S2)
write.csv(fx, file.path(out, "fixture.csv"), row.names = FALSE)

games_howell <- function(y, g) {
  lv <- sort(unique(g)); res <- list()
  for (i in 1:(length(lv) - 1)) for (j in (i + 1):length(lv)) {
    a <- y[g == lv[i]]; b <- y[g == lv[j]]
    va <- var(a) / length(a); vb <- var(b) / length(b)
    se <- sqrt(va + vb); diff <- mean(a) - mean(b)
    df <- (va + vb)^2 / (va^2 / (length(a) - 1) + vb^2 / (length(b) - 1))
    tval <- diff / se
    p <- ptukey(abs(tval) * sqrt(2), length(lv), df, lower.tail = FALSE)
    res[[length(res) + 1]] <- list(A = lv[i], B = lv[j], diff = diff, se = se, T = tval,
                                   df = df, p = p)
  }
  res
}
omega_sq <- function(y, g) {
  a <- summary(aov(y ~ factor(g)))[[1]]
  ssb <- a[1, "Sum Sq"]; ssw <- a[2, "Sum Sq"]; dfb <- a[1, "Df"]; msw <- a[2, "Mean Sq"]
  (ssb - dfb * msw) / (ssb + ssw + msw)
}
hedges <- function(a, b) {
  n1 <- length(a); n2 <- length(b)
  sp <- sqrt(((n1 - 1) * var(a) + (n2 - 1) * var(b)) / (n1 + n2 - 2))
  (mean(a) - mean(b)) / sp * (1 - 3 / (4 * (n1 + n2) - 9))
}
res <- list()
for (s in c("S1", "S2")) {
  y <- fx[[s]]
  tt <- t.test(y[g2 == 1], y[g2 == 2], var.equal = FALSE)
  ow <- oneway.test(y ~ factor(g3), var.equal = FALSE)
  kw <- kruskal.test(y ~ factor(g3))
  wx <- wilcox.test(y[g2 == 1], y[g2 == 2], exact = FALSE, correct = TRUE)
  res[[s]] <- list(
    welch_t = list(t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value,
                   ci = as.numeric(tt$conf.int), hedges_g = hedges(y[g2 == 1], y[g2 == 2])),
    welch_anova = list(F = unname(ow$statistic), df1 = unname(ow$parameter[1]),
                       df2 = unname(ow$parameter[2]), p = ow$p.value,
                       omega_sq = omega_sq(y, g3)),
    games_howell = games_howell(y, g3),
    kruskal = list(H = unname(kw$statistic), df = unname(kw$parameter), p = kw$p.value),
    wilcox = list(W = unname(wx$statistic), p = wx$p.value)
  )
}
res$versions <- list(R = paste(R.version$major, R.version$minor))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "reference.json"))

# pingouin's documented examples, recomputed in R
pain <- read.csv(file.path(out, "pain_threshold.csv"))
ow <- oneway.test(pain ~ factor(group), data = pain, var.equal = FALSE)
kw <- kruskal.test(pain ~ factor(group), data = pain)
pen <- read.csv(file.path(out, "penguins_mass.csv"))
pen <- pen[!is.na(pen$body_mass_g), ]
small_a <- c(1.2, 2.5, 3.1, 4.8, 5.0)
small_b <- c(2.2, 3.9, 6.1, 7.3, 8.4, 9.0)
wx <- wilcox.test(small_a, small_b, exact = FALSE, correct = TRUE)
tt <- t.test(small_a, small_b, var.equal = FALSE)
ex <- list(
  pain = list(welch_anova = list(F = unname(ow$statistic), df1 = unname(ow$parameter[1]),
                                 df2 = unname(ow$parameter[2]), p = ow$p.value,
                                 omega_sq = omega_sq(pain$pain, pain$group)),
              games_howell = games_howell(pain$pain, pain$group),
              kruskal = list(H = unname(kw$statistic), df = unname(kw$parameter),
                             p = kw$p.value)),
  penguins = list(games_howell = games_howell(pen$body_mass_g, pen$group),
                  n = nrow(pen)),
  small = list(a = small_a, b = small_b,
               wilcox = list(W = unname(wx$statistic), p = wx$p.value),
               welch_t = list(t = unname(tt$statistic), df = unname(tt$parameter),
                              p = tt$p.value, hedges_g = hedges(small_a, small_b))),
  versions = list(R = paste(R.version$major, R.version$minor))
)
writeLines(toJSON(ex, digits = NA, auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "examples.json"))
cat("groups reference done\n")
