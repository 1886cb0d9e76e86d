# Export the public reference data sets used by cemsurvey's tests to CSV, so the Python
# tests read exactly the data R's reference values were computed on (tests never need R).
# Run from the repository root:  Rscript tests/reference/export_data.R
suppressPackageStartupMessages({ library(lavaan); library(psychTools) })
out <- "tests/reference/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
write.csv(lavaan::HolzingerSwineford1939, file.path(out, "holzinger_swineford.csv"), row.names = FALSE)
write.csv(lavaan::PoliticalDemocracy, file.path(out, "political_democracy.csv"), row.names = FALSE)
bfi <- psychTools::bfi
bfi$respondent <- rownames(bfi)
write.csv(bfi[, c("respondent", setdiff(names(bfi), "respondent"))], file.path(out, "bfi.csv"), row.names = FALSE, na = "")
writeLines(c(paste("R", R.version$major, R.version$minor),
             paste("lavaan", packageVersion("lavaan")),
             paste("psych", packageVersion("psych")),
             paste("psychTools", packageVersion("psychTools")),
             paste("semTools", packageVersion("semTools")),
             paste("GPArotation", packageVersion("GPArotation"))),
           file.path(out, "VERSIONS.txt"))
