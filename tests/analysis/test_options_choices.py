"""The option tuples of analysis/options.py (light, read at CLI start-up) are the engines' own."""

from __future__ import annotations

from cemsurvey.analysis import options
from cemsurvey.psychometrics import efa, pls
from cemsurvey.psychometrics.sem import structural


def test_choice_tuples_match_the_engines():
    assert options.PLS_SCHEMES == tuple(pls.SCHEMES)
    assert options.HIGHER_ORDER == tuple(pls.HIGHER_ORDER)
    assert options.PLS_CI == tuple(pls.CI_METHODS)
    assert options.CBSEM_CI == tuple(structural.CI_METHODS)
    assert options.EXTRACTIONS == tuple(efa.EXTRACTIONS)
    assert options.INTERACTIONS == tuple(pls.APPROACHES)
    assert set(options.PLS_METHODS) == set(pls.METHODS)
    assert options.METHODS == ("cb-sem", *pls.METHODS)
    from cemsurvey.psychometrics.pls.predict import TECHNIQUES
    assert options.PREDICT_TECHNIQUES == tuple(TECHNIQUES)
    assert set(options.CI_METHODS) == set(pls.CI_METHODS) | set(structural.CI_METHODS)


def test_rotation_choices_are_the_engines_and_none():
    assert options.ROTATION_CHOICES == (*efa.ROTATIONS, "none")
