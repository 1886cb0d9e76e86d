"""Sample-size and power planning.

* :mod:`~cemsurvey.sampling.survey` -- Cochran, Krejcie-Morgan, Yamane (a proportion or a mean);
* :mod:`~cemsurvey.sampling.power` -- RMSEA power (MacCallum et al. 1996) and the PLS-SEM rules;
* :mod:`~cemsurvey.sampling.plan` -- every method at once, reading df and arrows from the
  instrument;
* :mod:`~cemsurvey.sampling.montecarlo` -- Monte Carlo power of the researcher's own model
  (imported on demand: it loads the estimation engine).

The names below are re-exported so ``from cemsurvey.sampling import cochran`` keeps working;
each loads its module (and scipy) when first asked for (PEP 562), so importing the package,
as ``cemsurvey sample-size --help`` does, stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cemsurvey.sampling.plan import ModelInfo, SamplePlan, model_info, plan_sample_size
    from cemsurvey.sampling.power import (
        KOCK_HADAYA_CONSTANTS,
        RMSEA_TESTS,
        pls_inverse_sqrt,
        pls_ten_times,
        rmsea_power,
        rmsea_sample_size,
    )
    from cemsurvey.sampling.survey import (
        KREJCIE_MORGAN_TABLE,
        METHOD_KEYS,
        SampleSize,
        cochran,
        cochran_mean,
        krejcie_morgan,
        with_response_rate,
        yamane,
    )

_PLAN = ("ModelInfo", "SamplePlan", "model_info", "plan_sample_size")
_POWER = ("KOCK_HADAYA_CONSTANTS", "RMSEA_TESTS", "pls_inverse_sqrt", "pls_ten_times",
          "rmsea_power", "rmsea_sample_size")
_SURVEY = ("KREJCIE_MORGAN_TABLE", "METHOD_KEYS", "SampleSize", "cochran", "cochran_mean",
           "krejcie_morgan", "with_response_rate", "yamane")

__all__ = [
    "KREJCIE_MORGAN_TABLE",
    "KOCK_HADAYA_CONSTANTS",
    "METHOD_KEYS",
    "RMSEA_TESTS",
    "ModelInfo",
    "SampleSize",
    "SamplePlan",
    "cochran",
    "cochran_mean",
    "krejcie_morgan",
    "yamane",
    "rmsea_power",
    "rmsea_sample_size",
    "pls_inverse_sqrt",
    "pls_ten_times",
    "with_response_rate",
    "model_info",
    "plan_sample_size",
]


def __getattr__(name: str) -> Any:
    """Load the module of a public name on first use."""
    if name in _PLAN:
        from cemsurvey.sampling import plan as module
    elif name in _POWER:
        from cemsurvey.sampling import power as module
    elif name in _SURVEY:
        from cemsurvey.sampling import survey as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
