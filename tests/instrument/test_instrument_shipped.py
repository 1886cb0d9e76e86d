"""The two shipped instruments: they validate, have the promised shape and clean Persian."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import jsonschema
import pytest
import yaml

from cemsurvey.errors import CemsurveyWarning
from cemsurvey.instrument import PARADIGM_ROLES, load_instrument
from cemsurvey.instrument.schema import instrument_json_schema
from cemsurvey.instrument.structure import latent_structure

ROOT = Path(__file__).resolve().parents[2]
MODEL_A = ROOT / "instruments" / "digital-marketing-cem.yaml"
MODEL_B = ROOT / "instruments" / "customer-engagement-journey.yaml"
BOTH = [MODEL_A, MODEL_B]

# Model A's 28 categories by role (shared/paradigm-models.md).
MODEL_A_CATEGORIES = {
    "causal": [
        "Brand satisfaction", "Customer orientation", "Business model",
        "Complex competitive environment", "Time management", "Cost management",
        "Digital marketing development",
    ],
    "contextual": [
        "Brand trust", "Technological readiness", "Structural readiness", "Cultural readiness",
    ],
    "intervening": [
        "Purchase customer support", "Legal and scientific factors",
        "Environmental challenge", "Individual challenge",
    ],
    "phenomenon": [
        "Customer experience management", "Creating brand-customer value",
        "Implementation of digital marketing",
    ],
    "strategies": [
        "Comprehensive communication strategy", "Systematic approach",
        "New marketing strategies", "Using digital technologies",
    ],
    "consequences": [
        "Brand affiliation", "Gain value", "New competitive advantage",
        "Global communications", "Digital business development", "Entrepreneurship development",
    ],
}

# Model B's selective codes and axial codes (Table 2 of Khedari et al. 2024).
MODEL_B_CODES = {
    ("causal", "Customer satisfaction"): [
        "pleasant feeling", "meeting customer expectations", "addressing customer problems",
        "creating a positive feeling", "building trust", "providing ideal services",
        "service delivery ease", "identifying customer needs", "after-sales services",
        "customer experience", "service quality",
    ],
    ("causal", "Commitment and responsibility"): [
        "post-purchase support", "creating value for company and customer",
        "traceability of services", "responsibility",
    ],
    ("causal", "Service delivery ease"): [
        "timeliness", "no errors in delivery", "expected behaviour", "online sales procedures",
        "sufficient awareness about service use", "rapid delivery", "service integration",
    ],
    ("causal", "Employee-related factors"): [
        "staff skills and expertise", "experienced workforce",
        "responsiveness in case of delays", "staff behaviour",
    ],
    ("contextual", "Customer knowledge"): [
        "feedback on services", "knowledge of services", "adequate information on delivery",
        "flexibility in service provision",
    ],
    ("contextual", "Customer enthusiasm"): [
        "positive staff behaviour", "loyalty and marketing programs",
        "advertising and incentives", "tangible features of the business", "discounts",
        "preserving privacy", "pleasant experience",
    ],
    ("contextual", "Infrastructure development"): [
        "search engine optimisation", "attractive content", "website design",
    ],
    ("intervening", "Customer experience enhancement"): [
        "service transparency", "information security", "post-purchase support",
        "responding to questions and needs",
    ],
    ("intervening", "Customization"): [
        "personalised communications", "volume discounts",
        "exceptional services to potential customers",
    ],
    ("strategies", "Customer penetration"): [
        "competitive advantage", "empathy with the customer", "arousing emotions",
        "customer psychology", "attractiveness",
    ],
    ("strategies", "Social interaction"): [
        "online responsiveness", "email marketing", "customer club",
    ],
    ("strategies", "Accurate audience identification"): [
        "receiving criticism and suggestions", "customer personality",
        "predicting customer behaviour",
    ],
    ("strategies", "Customer journey mapping stages"): [
        "persuading customers", "action and purchase", "desirability and decision-making",
    ],
    ("strategies", "Improvement of marketing strategies"): [
        "awareness in the customer journey", "targeted campaigns", "search engine marketing",
        "continuous brand awareness",
    ],
    ("consequences", "Increased customer loyalty"): [
        "customer commitment", "repurchase", "customer preferences",
    ],
    ("consequences", "Word-of-mouth advertising"): [
        "positive feedback", "product/service quality", "positive feelings",
    ],
    ("consequences", "Purchase intention"): [
        "product prices", "brand commitment", "cognitive brand loyalty",
        "emotional brand loyalty",
    ],
}

ARABIC_YEH_KAF = re.compile("[\u064a\u0643\u0649]")  # ي ك ى (Persian uses ی ک)


def _load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CemsurveyWarning)  # a warning fails the test
        return load_instrument(path)


@pytest.fixture(scope="module")
def model_a():
    return _load(MODEL_A)


@pytest.fixture(scope="module")
def model_b():
    return _load(MODEL_B)


def _all_texts(ins):
    """Every localized value of an instrument with a label saying where it is."""
    yield "title", ins.title
    yield "intro", ins.intro
    for did, d in ins.dimensions.items():
        yield f"dimension {did}", d.label
    for c in ins.constructs:
        yield f"construct {c.id}", c.name
        for it in c.items:
            yield f"item {it.id}", it.text
    for a in ins.attention_checks:
        yield f"attention check {a.id}", a.text
    for b in ins.background:
        yield f"background {b.id}", b.text
        for code, label in (b.options or {}).items():
            yield f"background {b.id} option {code}", label
    for sid, s in ins.scales.items():
        for lang, labels in s.labels.items():
            yield f"scale {sid}", {lang: "|".join(labels)}


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_validate_cli_passes_without_warnings(cli, path):
    code, out, err = cli(["validate", path])
    assert code == 0, err
    assert err == ""
    assert "valid" in out


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_bilingual_metadata(path):
    ins = _load(path)
    assert ins.languages == ["en", "fa"]
    assert ins.source and len(ins.source) > 80  # the full citation, not a stub
    assert ins.intro is not None
    assert set(ins.dimensions) == set(PARADIGM_ROLES)
    assert ins.paths is None  # paradigm default paths
    assert [(y, xs) for y, xs in ins.structural_paths] == [
        ("phenomenon", ["causal"]),
        ("strategies", ["phenomenon", "contextual", "intervening"]),
        ("consequences", ["strategies"]),
    ]
    (sid, scale), = ins.scales.items()
    assert scale.type == "likert" and scale.points == 5 and scale.codes == [1, 2, 3, 4, 5]
    assert set(scale.labels) == {"en", "fa"}
    for where, value in _all_texts(ins):
        if where.startswith("scale"):
            continue
        assert isinstance(value, dict) and set(value) == {"en", "fa"}, where
        assert all(v.strip() for v in value.values()), where


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_persian_uses_persian_yeh_and_kaf(path):
    ins = _load(path)
    bad = [
        where for where, value in _all_texts(ins)
        if isinstance(value, dict) and ARABIC_YEH_KAF.search(value.get("fa", ""))
    ]
    assert bad == []
    # and the raw file too (comments, anything the model does not keep)
    assert not ARABIC_YEH_KAF.search(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_persian_verbs_use_zwnj(path):
    """'mi-' verb prefixes are joined with a zero-width non-joiner, never a space."""
    ins = _load(path)
    spaced = re.compile(r"(?:^|\s)ن?می\s")
    bad = [w for w, v in _all_texts(ins) if isinstance(v, dict) and spaced.search(v.get("fa", ""))]
    assert bad == []
    joined = sum("می\u200c" in v.get("fa", "") for _, v in _all_texts(ins) if isinstance(v, dict))
    assert joined > 20


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_reverse_items_and_attention_checks(path):
    ins = _load(path)
    assert 3 <= len(ins.reverse_items) <= 5
    assert 1 <= len(ins.attention_checks) <= 2
    scale = next(iter(ins.scales.values()))
    for a in ins.attention_checks:
        assert a.expect in scale.codes
        assert a.after in ins.construct_ids
        # the instructed answer is named in the text in both languages
        label_en = scale.labels["en"][a.expect - 1]
        label_fa = scale.labels["fa"][a.expect - 1]
        assert f'"{label_en}"' in a.text["en"]
        assert f"«{label_fa}»" in a.text["fa"]


@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_background_block(path):
    ins = _load(path)
    by_type: dict[str, list] = {}
    for b in ins.background:
        by_type.setdefault(b.type, []).append(b)
    ids = [b.id for b in ins.background]
    assert {"gender", "age", "education", "shop_freq", "store", "comment"} <= set(ids)
    assert len(by_type["single"]) >= 5 and len(by_type["multiple"]) >= 1
    assert [b.id for b in by_type["text"]] == ["comment"]
    # profile questions open the questionnaire; channels, tenure and the comment close it
    assert {b.id for b in ins.background if b.position == "end"} == {"channels", "months", "comment"}
    (num,) = by_type["number"]
    assert (num.min, num.max) == (0, 300)
    for b in by_type["single"] + by_type["multiple"]:
        assert list(b.options) == list(range(1, len(b.options) + 1)), b.id


def test_model_a_counts(model_a):
    assert len(model_a.constructs) == 28
    assert len(model_a.items) == 112
    assert all(len(c.items) == 4 for c in model_a.constructs)
    assert len(set(model_a.item_ids)) == 112
    for c in model_a.constructs:
        assert [it.id for it in c.items] == [f"{c.id}{k}" for k in range(1, 5)]
    got = {
        role: [model_a.tr(c.name, "en") for c in model_a.constructs_in(role)]
        for role in PARADIGM_ROLES
    }
    assert got == MODEL_A_CATEGORIES


def test_model_b_one_item_per_axial_code(model_b):
    assert len(model_b.constructs) == 18
    got: dict[tuple[str, str], list[str | None]] = {}
    for c in model_b.constructs:
        if c.dimension == "phenomenon":
            continue
        got[(c.dimension, model_b.tr(c.name, "en"))] = [it.origin for it in c.items]
    assert got == MODEL_B_CODES
    assert len(model_b.construct("SAT").items) == 11
    assert len(model_b.items) == sum(len(v) for v in MODEL_B_CODES.values()) + 5


def test_model_b_core_phenomenon(model_b):
    (eng,) = model_b.constructs_in("phenomenon")
    assert model_b.tr(eng.name, "en") == "Customer engagement in the digital customer journey"
    assert 4 <= len(eng.items) <= 5
    assert all(it.origin for it in eng.items)  # each names its literature source
    assert all("this online store" in it.text["en"].lower() for it in model_b.items)


# ---------------------------------------------------------------- structure / df
def test_model_a_first_order_df(model_a):
    s = latent_structure(model_a, "first")
    assert s.n_moments == 112 * 113 // 2
    assert s.n_free_parameters() == 84 + 112 + 28 + 378
    assert s.df == 112 * 113 // 2 - (84 + 112 + 28 + 378)


def test_model_a_second_order_and_structural_df(model_a):
    s2 = latent_structure(model_a, "second")
    assert s2.higher_order == PARADIGM_ROLES
    # 84 item loadings + 22 construct loadings + 112 residuals + 28 disturbances
    # + 6 second-order variances + 15 covariances among them
    assert s2.n_free_parameters() == 84 + 22 + 112 + 28 + 6 + 15
    s3 = latent_structure(model_a, "structural")
    # as above, but 3 covariances among the exogenous roles and 5 regressions
    assert s3.n_free_parameters() == 84 + 22 + 112 + 28 + 6 + 3 + 5
    assert s3.exogenous == ("causal", "contextual", "intervening")
    assert s3.max_arrows == 3
    assert s3.df == 6328 - 260


def test_model_b_structural_phenomenon_is_a_single_construct(model_b):
    s = latent_structure(model_b, "structural")
    assert s.aliases == {"phenomenon": "ENG"}
    assert ("ENG", ("causal",)) in s.regressions
    assert ("strategies", ("ENG", "contextual", "intervening")) in s.regressions
    p = 80
    q = (80 - 18) + (17 - 5) + 80 + 18 + 5 + 3 + 5
    assert s.df == p * (p + 1) // 2 - q


def _small(tmp_path: Path) -> Path:
    """4 constructs x 3 items; dimension d1 = {A, B, C}, dimension d2 = {D}; d2 ~ d1."""
    cons = "\n".join(
        f"  - id: {c}\n    name: {c}\n    dimension: {d}\n    items:\n"
        + "\n".join(f"      - {{id: {c}{k}, text: item {k}}}" for k in (1, 2, 3))
        for c, d in [("A", "d1"), ("B", "d1"), ("C", "d1"), ("D", "d2")]
    )
    text = (
        "title: small\ndimensions:\n  d1: {label: one}\n  d2: {label: two}\n"
        f"constructs:\n{cons}\npaths:\n  - d2 ~ d1\n"
    )
    p = tmp_path / "small.yaml"
    p.write_text(text)
    return p


def test_small_model_df_by_hand(tmp_path):
    ins = load_instrument(_small(tmp_path))
    # 12 items: 78 moments.
    # first order: 8 loadings + 12 residuals + 4 variances + 6 covariances = 30
    assert latent_structure(ins, "first").df == 78 - 30
    # second order: d1 measured by A, B, C; d2 is represented by D.
    # 8 + 2 construct loadings + 12 + 5 variances (A, B, C, D, d1) + 1 covariance (d1, D) = 28
    s2 = latent_structure(ins, "second")
    assert s2.aliases == {"d2": "D"} and s2.higher_order == ("d1",)
    assert s2.df == 78 - 28
    # structural D ~ d1: the covariance becomes a regression; d1 the only exogenous latent
    s3 = latent_structure(ins, "structural")
    assert s3.regressions == (("D", ("d1",)),)
    assert s3.latent_covariances == ()
    assert s3.df == 78 - 28


# ---------------------------------------------------------------- JSON Schema
@pytest.mark.parametrize("path", BOTH, ids=lambda p: p.stem)
def test_instruments_match_printed_json_schema(cli, path):
    code, out, err = cli(["schema"])
    assert code == 0
    schema = json.loads(out)
    assert schema == json.loads(json.dumps(instrument_json_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)
    # JSON has string keys only: round-trip the YAML data as a JSON editor would see it
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_json_schema_rejects_what_the_loader_rejects():
    schema = instrument_json_schema()
    v = jsonschema.Draft202012Validator(schema)
    good = {"title": "t", "constructs": [{"id": "A", "name": "a", "items": [{"id": "A1", "text": "x"}]}]}
    assert v.is_valid(good)
    assert not v.is_valid({**good, "titel": "typo"})
    bad_id = {"title": "t", "constructs": [{"id": "A b", "name": "a", "items": []}]}
    assert not v.is_valid(bad_id)
    assert not v.is_valid({**good, "scales": {"s": {"type": "likert", "points": "five"}}})
    bq = {"id": "g", "text": "Gender", "options": {"one": "x"}}
    assert not v.is_valid({**good, "background": [bq]})


_GOOD = {"title": "t", "constructs": [{"id": "A", "name": "a", "items": [{"id": "A1", "text": "x"}]}]}


def _schema_and_loader_accept(data: dict) -> tuple[bool, bool]:
    """Whether `cemsurvey schema`'s JSON Schema and the loader each accept ``data``."""
    from cemsurvey.errors import SpecError
    from cemsurvey.instrument import parse_instrument

    schema_ok = jsonschema.Draft202012Validator(instrument_json_schema()).is_valid(data)
    try:
        parse_instrument(json.dumps(data))
    except SpecError:
        return schema_ok, False
    return schema_ok, True


@pytest.mark.parametrize(
    "question",
    [
        {"id": "g", "text": "G", "options": {"one": "x"}},
        {"id": "g", "text": "G", "options": {"1": "x"}},
        {"id": "g", "text": "G"},
        {"id": "g", "text": "G", "options": {}},
        {"id": "g", "text": "G", "type": "number", "options": {"1": "x"}},
        {"id": "g", "text": "G", "type": "number", "min": 1, "max": 3},
        {"id": "g", "text": "G", "type": "text", "min": 1},
        {"id": "g", "text": "G", "type": "text"},
        {"id": "g", "text": "G", "type": "multiple", "options": {"-1": "x", "2": "y"}},
        {"id": "g", "text": "G", "type": "scale"},
        {"id": "g", "text": "G", "type": "single", "options": {"1": ""}},
        {"id": "g", "text": "G", "type": "single", "options": {"1": "a"}, "position": "middle"},
    ],
)
def test_json_schema_and_loader_agree_on_background(question):
    """An editor using `cemsurvey schema` flags exactly the background blocks the loader rejects."""
    schema_ok, loader_ok = _schema_and_loader_accept({**_GOOD, "background": [question]})
    assert schema_ok == loader_ok


@pytest.mark.parametrize("langs, ok", [(["en", "fa"], True), (["en-GB"], True), (["ckb"], True),
                                       (["english"], False), (["EN"], False), ([], False),
                                       (["en", "en"], False)])
def test_json_schema_and_loader_agree_on_languages(langs, ok):
    data = {**_GOOD, "languages": langs}
    if langs:
        data["title"] = {lg: "t" for lg in langs}
        data["constructs"] = [{"id": "A", "name": {lg: "a" for lg in langs},
                               "items": [{"id": "A1", "text": {lg: "x" for lg in langs}}]}]
    schema_ok, loader_ok = _schema_and_loader_accept(data)
    assert schema_ok == loader_ok == ok
