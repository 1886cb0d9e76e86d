"""Monte Carlo power (issue 20): population, analytic power against lavaan, simulated power,
worker-independence (1 and 2 local processes, a Dask LocalCluster), the entry-point fits."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import SpecError
from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.psychometrics.sem.structural import fit_cbsem
from cemsurvey.sampling.analytic import satorra_saris_power
from cemsurvey.sampling.montecarlo import build_design, monte_carlo_power
from cemsurvey.sampling.population import parse_effect, population_model
from cemsurvey.sampling.replicate import draw, replication_seed, run_chunk

REF = json.loads((Path(__file__).resolve().parents[1] / "reference/montecarlo/satorra_saris.json")
                 .read_text())
CASES = {c["name"]: c for c in REF["cases"]}


def _construct(cid: str) -> Construct:
    return Construct(id=cid, name=cid, items=[Item(id=f"{cid}{k}", text="t") for k in (1, 2, 3)])


def two_constructs() -> Instrument:
    return Instrument(title="t", scales={"a5": Scale(points=5)},
                      constructs=[_construct("X"), _construct("Y")], paths=["Y ~ X"])


def mediation() -> Instrument:
    return Instrument(title="t", constructs=[_construct(c) for c in "XMY"],
                      paths=["M ~ X", "Y ~ M + X"])


def _comparable(res) -> dict:
    d = res.to_dict()
    for k in ("executor", "seconds"):
        d.pop(k)
    return d


# ------------------------------------------------------------------ population
def test_population_is_standardized_and_matches_r():
    st = latent_structure(two_constructs(), "structural")
    pop = population_model(st, {("Y", "X"): 0.2}, loading=0.7)
    np.testing.assert_allclose(np.diag(pop.sigma), 1.0, atol=1e-14)
    np.testing.assert_allclose(pop.sigma, np.array(CASES["two_constructs"]["population"]),
                               atol=1e-14)
    assert pop.disturbances == {"Y": pytest.approx(0.96)}
    med = population_model(latent_structure(mediation(), "structural"),
                           {("M", "X"): 0.3, ("Y", "M"): 0.3, ("Y", "X"): 0.1})
    ref = np.array(CASES["mediation_M_X"]["population"])
    # R orders the items X, M, Y, as the instrument does
    np.testing.assert_allclose(med.sigma, ref, atol=1e-14)


def test_population_errors_are_spec_errors():
    st = latent_structure(mediation(), "structural")
    with pytest.raises(SpecError, match="not a path of the model"):
        population_model(st, {("X", "Y"): 0.2})
    with pytest.raises(SpecError, match="explain"):
        population_model(st, {("M", "X"): 0.3, ("Y", "M"): 0.8, ("Y", "X"): 0.6})
    with pytest.raises(SpecError, match="no effect given for path"):
        population_model(st, {("M", "X"): 0.3})
    with pytest.raises(SpecError, match="between 0 and 1"):
        population_model(st, {}, default_effect=0.2, loading=1.2)
    with pytest.raises(SpecError, match="outcome ~ predictor = value"):
        parse_effect("Y <- X 0.2")
    assert parse_effect(" Y ~ X = -0.25 ") == (("Y", "X"), -0.25)


# ------------------------------------------------------------ analytic power
@pytest.mark.parametrize("name", sorted(CASES))
def test_satorra_saris_matches_lavaan(name):
    case = CASES[name]
    ins = two_constructs() if name == "two_constructs" else mediation()
    effects = ({("Y", "X"): 0.2} if name == "two_constructs"
               else {("M", "X"): 0.3, ("Y", "M"): 0.3, ("Y", "X"): 0.1})
    pop = population_model(latent_structure(ins, "structural"), effects)
    y, x = (s.strip() for s in case["path"].split("~"))
    ns = [r["n"] for r in case["by_n"]]
    ours = satorra_saris_power(pop, (y, x), ns, alpha=case["alpha"])
    np.testing.assert_allclose(ours, [r["power"] for r in case["by_n"]], rtol=1e-6)


# ------------------------------------------------------- one replication's fit
def test_compiled_ml_fit_equals_fit_cbsem():
    ins = mediation()
    design = build_design(ins, effects={("M", "X"): 0.3, ("Y", "M"): 0.3, ("Y", "X"): 0.1})
    rows = run_chunk(design, 150, 0, 3, 7)
    chol = np.linalg.cholesky(design.population.sigma)
    for r in range(3):
        x = draw(design, chol, 150, np.random.default_rng(replication_seed(7, 150, r)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fit_cbsem(pd.DataFrame(x, columns=ins.item_ids), ins)
        f = res.structural.fit
        np.testing.assert_allclose(rows[r, :5], [1.0, f["chi2"], f["p"], f["rmsea"], f["cfi"]],
                                   rtol=1e-6, atol=1e-9)
        tests = {(t.to, t.from_): t for t in res.structural.paths}
        for k, path in enumerate(design.population.paths):
            t = tests[path]
            np.testing.assert_allclose(rows[r, 5 + 4 * k: 9 + 4 * k], [t.est, t.se, t.p, t.std],
                                       rtol=1e-6, atol=1e-9)


def test_seed_of_a_replication_does_not_depend_on_chunking():
    design = build_design(two_constructs(), effects={("Y", "X"): 0.2})
    whole = run_chunk(design, 120, 0, 6, 3)
    parts = np.vstack([run_chunk(design, 120, 0, 2, 3), run_chunk(design, 120, 2, 6, 3)])
    np.testing.assert_array_equal(whole, parts)


# --------------------------------------------------------- simulated power
@pytest.fixture(scope="module")
def power_run():
    return monte_carlo_power(two_constructs(), effects={("Y", "X"): 0.2},
                             n_grid=(100, 200, 300, 400), reps=300, seed=2024, workers=2)


def test_simulated_power_within_three_mc_se_of_lavaan(power_run):
    ref = {r["n"]: r["power"] for r in CASES["two_constructs"]["by_n"]}
    (path,) = power_run.paths
    assert path.n == (100, 200, 300, 400)
    for i, n in enumerate(path.n):
        se = np.sqrt(ref[n] * (1 - ref[n]) / path.converged[i])
        assert abs(path.power[i] - ref[n]) < 3 * se, (n, path.power[i], ref[n])
        assert path.analytic[i] == pytest.approx(ref[n], rel=1e-6)
    assert all(c == 300 for c in path.converged)
    assert all(0.91 <= c <= 0.98 for c in path.coverage)
    assert all(abs(b) < 0.10 for b in path.rel_bias)
    # the power grows with n and the requirement is the first n whose power holds >= .80
    assert list(path.power) == sorted(path.power)
    assert power_run.n_required == path.n_required
    assert power_run.n_required in (300, 400)


def test_zero_path_rejects_at_alpha():
    res = monte_carlo_power(mediation(), effects={("M", "X"): 0.3, ("Y", "M"): 0.3,
                                                  ("Y", "X"): 0.0},
                            n_grid=(250,), reps=500, seed=11, workers=2)
    zero = next(p for p in res.paths if p.effect == 0)
    se = np.sqrt(0.05 * 0.95 / zero.converged[0])
    assert abs(zero.power[0] - 0.05) < 3 * se
    assert zero.n_required is None and zero.analytic is None
    # the chi-square test of a correct model also rejects at about alpha
    assert abs(res.sizes[0].chi2_reject - 0.05) < 3 * se


def test_bisection_refines_between_grid_points():
    res = monte_carlo_power(two_constructs(), effects={("Y", "X"): 0.3}, n_grid=(60, 200),
                            reps=60, seed=5, workers=1, bisect=True)
    assert res.bisection, "bisection ran no extra sample size"
    assert all(60 < n < 200 for n in res.bisection)
    assert res.n_required is not None and 60 < res.n_required <= 200
    assert res.paths[0].n == tuple(sorted({60, 200, *res.bisection}))


# ------------------------------------------------------ identical everywhere
def test_one_two_workers_and_dask_give_identical_results():
    kw = dict(effects={("Y", "X"): 0.2}, n_grid=(100, 200), reps=40, seed=99, chunk=7)
    one = monte_carlo_power(two_constructs(), workers=1, **kw)
    two = monte_carlo_power(two_constructs(), workers=2, **kw)
    assert _comparable(one) == _comparable(two)
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster:
            dask = monte_carlo_power(two_constructs(), scheduler=cluster.scheduler_address,
                                     **{**kw, "chunk": 13})
    assert dask.executor.startswith("Dask")
    assert _comparable(dask) == _comparable(one)


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupt_returns_the_replications_done(workers):
    def progress(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt  # as Ctrl-C would, in the main process

    res = monte_carlo_power(two_constructs(), effects={("Y", "X"): 0.2}, n_grid=(100, 200),
                            reps=200, seed=1, workers=workers, chunk=10, progress=progress)
    assert res.interrupted and any("stopped early" in w for w in res.warnings)
    if workers == 2:  # chunks running when it stopped are finished and kept, pending ones not
        assert 20 <= res.reps_done < 400
        return
    assert res.reps_done == 20
    assert [s.n for s in res.sizes] == [100] and res.sizes[0].reps == 20
    # what was done is exactly what an uninterrupted run gives for those replications
    full = monte_carlo_power(two_constructs(), effects={("Y", "X"): 0.2}, n_grid=(100,),
                             reps=20, seed=1, workers=1)
    assert full.paths[0].mean_est[0] == res.paths[0].mean_est[0]


# --------------------------------------------------- entry-point estimators
def test_mlr_has_ml_estimates_and_runs_through_fit_cbsem():
    kw = dict(effects={("Y", "X"): 0.3}, n_grid=(150,), reps=4, seed=8, workers=1)
    ml = monte_carlo_power(two_constructs(), **kw)
    mlr = monte_carlo_power(two_constructs(), estimator="mlr", **kw)
    assert mlr.paths[0].mean_est[0] == pytest.approx(ml.paths[0].mean_est[0], rel=1e-6)
    assert mlr.paths[0].mean_se[0] != pytest.approx(ml.paths[0].mean_se[0], rel=1e-6)
    assert mlr.paths[0].analytic is None


@pytest.mark.parametrize("kw", [dict(likert=True, estimator="wlsmv"), dict(missing=0.1),
                                dict(method="pls", pls_bootstrap=40)])
def test_other_designs_converge(kw):
    res = monte_carlo_power(two_constructs(), effects={("Y", "X"): 0.4}, n_grid=(200,), reps=3,
                            seed=4, workers=1, **kw)
    assert res.sizes[0].converged == 3
    assert 0.0 <= res.paths[0].power[0] <= 1.0
    assert res.paths[0].mean_std[0] == pytest.approx(0.4, abs=0.2)


def test_likert_needs_likert_scales():
    ins = Instrument(title="t", scales={"v": Scale(type="numeric")},
                     constructs=[_construct("X"), _construct("Y")], paths=["Y ~ X"])
    with pytest.raises(SpecError, match="numeric scale"):
        build_design(ins, effects={("Y", "X"): 0.2}, likert=True)


def test_second_order_population_of_model_b():
    """Model B (paradigm, second-order dimensions): standardized, reproduced by the model."""
    from cemsurvey.instrument.loader import load_instrument

    root = Path(__file__).resolve().parents[2]
    ins = load_instrument(root / "instruments" / "customer-engagement-journey.yaml")
    design = build_design(ins, default_effect=0.3, correlation=0.3)  # fits the population
    pop = design.population
    np.testing.assert_allclose(np.diag(pop.sigma), 1.0, atol=1e-12)
    assert len(pop.paths) == 5 and set(pop.defaulted) == set(pop.paths)
    # a construct's disturbance: 1 - loading^2 on its dimension
    dims = [f for f in pop.structure.higher_order]
    first = pop.structure.indicators[dims[0]][0]
    assert pop.disturbances[first] == pytest.approx(1 - 0.7 ** 2)
    with pytest.raises(SpecError, match="not an indicator"):
        population_model(pop.structure, {}, default_effect=0.2, loadings={"NOPE": 0.5})
    # one replication: the compiled fit equals fit_cbsem with second-order factors too
    row = run_chunk(design, 300, 0, 1, 5)[0]
    x = draw(design, np.linalg.cholesky(pop.sigma), 300,
             np.random.default_rng(replication_seed(5, 300, 0)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_cbsem(pd.DataFrame(x, columns=list(pop.structure.observed)), ins)
    f = res.structural.fit
    np.testing.assert_allclose(row[:5], [1.0, f["chi2"], f["p"], f["rmsea"], f["cfi"]],
                               rtol=1e-6, atol=1e-9)
    tests = {(t.to, t.from_): t for t in res.structural.paths}
    for k, path in enumerate(pop.paths):
        t = tests[path]
        np.testing.assert_allclose(row[5 + 4 * k: 9 + 4 * k], [t.est, t.se, t.p, t.std],
                                   rtol=1e-6, atol=1e-9)
