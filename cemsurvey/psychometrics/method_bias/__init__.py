"""Common-method bias: Harman's single-factor test, full-collinearity VIFs, the common latent
factor (ULMC) and marker-variable techniques. Each module states its formulas, references and
the R functions it was verified against."""

from cemsurvey.psychometrics.method_bias.assess import MethodBiasResult, assess_method_bias
from cemsurvey.psychometrics.method_bias.collinearity import FullCollinearity, full_collinearity_vif
from cemsurvey.psychometrics.method_bias.harman import HarmanResult, harman_test
from cemsurvey.psychometrics.method_bias.latent_method import (
    CommonLatentFactor,
    common_latent_factor,
)
from cemsurvey.psychometrics.method_bias.marker import (
    LindellWhitney,
    MarkerTechnique,
    lindell_whitney,
    marker_technique,
)

__all__ = ["CommonLatentFactor", "FullCollinearity", "HarmanResult", "LindellWhitney",
           "MarkerTechnique", "MethodBiasResult", "assess_method_bias", "common_latent_factor", "full_collinearity_vif", "harman_test",
           "lindell_whitney", "marker_technique"]
