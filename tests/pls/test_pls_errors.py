"""Bad input to fit_pls: typed exceptions with one-line messages; trouble as warnings."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest

from cemsurvey.errors import ConvergenceWarning, DataError, EstimationError, SpecError
from cemsurvey.psychometrics.pls import fit_pls

_spec = importlib.util.spec_from_file_location("pls_conftest_helpers_e",
                                               Path(__file__).with_name("conftest.py"))
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Value": ["PERV1", "PERV2"],
          "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"]}


def _ins(paths):
    return _helpers.make_instrument(BLOCKS, paths)


def _one_line(exc):
    assert "\n" not in str(exc.value)


def test_missing_column(mobi):
    with pytest.raises(DataError, match="no column 'PERV2'") as e:
        fit_pls(mobi.drop(columns="PERV2"), _ins(["Satisfaction ~ Image + Value"]), bootstrap=0)
    _one_line(e)


def test_non_numeric_value(mobi):
    d = mobi.astype(object)
    d.loc[5, "CUSA2"] = "agree"
    with pytest.raises(DataError, match=r"column 'CUSA2' row '5': value 'agree'") as e:
        fit_pls(d, _ins(["Satisfaction ~ Image + Value"]), bootstrap=0)
    _one_line(e)


def test_constant_item(mobi):
    d = mobi.copy()
    d["IMAG3"] = 7
    with pytest.raises(DataError, match="'IMAG3' has the same answer"):
        fit_pls(d, _ins(["Satisfaction ~ Image + Value"]), bootstrap=0)


def test_cycle_and_unknown_names(mobi):
    with pytest.raises(SpecError, match="cycle"):
        fit_pls(mobi, _ins(["Satisfaction ~ Image", "Image ~ Satisfaction"]), bootstrap=0)


def test_unknown_name_and_outcome_without_predictors(mobi):
    with pytest.raises(SpecError, match="'Foo', which is not a construct"):
        fit_pls(mobi, _ins(["Satisfaction ~ Foo"]), bootstrap=0)
    with pytest.raises(SpecError, match="paths: 'Satisfaction ~ '"):
        fit_pls(mobi, _ins(["Satisfaction ~ "]), bootstrap=0)


def test_no_paths(mobi):
    ins = _helpers.make_instrument(BLOCKS, [])
    with pytest.raises((EstimationError, SpecError)):
        fit_pls(mobi, ins, bootstrap=0)


@pytest.mark.parametrize("kw, msg", [({"scheme": "mode-b"}, "scheme"),
                                     ({"higher_order": "embedded"}, "higher_order"),
                                     ({"ci": "normal"}, "ci must"),
                                     ({"bootstrap": -1}, "bootstrap"),
                                     ({"alpha": 1.5}, "alpha"),
                                     ({"tails": 3}, "tails")])
def test_bad_options(mobi, kw, msg):
    with pytest.raises(EstimationError, match=msg):
        fit_pls(mobi, _ins(["Satisfaction ~ Image + Value"]), **kw)


def test_too_few_respondents(mobi):
    with pytest.raises(EstimationError, match="at least 10"):
        fit_pls(mobi.head(5), _ins(["Satisfaction ~ Image + Value"]), bootstrap=0)


def test_non_convergence_warns(mobi):
    with pytest.warns(ConvergenceWarning, match="did not converge in 1 iterations"):
        res = fit_pls(mobi, _ins(["Satisfaction ~ Image + Value"]), bootstrap=0, max_iter=1)
    assert not res.converged and res.iterations == 1
    assert any("did not converge" in w for w in res.warnings)


def test_unconnected_construct_left_out_with_warning(mobi):
    with pytest.warns(Warning, match="Value are not connected"):
        res = fit_pls(mobi, _ins(["Satisfaction ~ Image"]), bootstrap=0)
    assert "Value" not in res.quality.index


def test_no_bootstrap_means_no_support(mobi):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, _ins(["Satisfaction ~ Image + Value"]), bootstrap=0)
    assert not any(h.supported for h in res.structural.paths)
    assert all(np.isnan(h.p) for h in res.structural.paths)
    assert any("no bootstrap" in w for w in res.warnings)
