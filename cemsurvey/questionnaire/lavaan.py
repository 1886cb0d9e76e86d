"""lavaan model syntax of an instrument, for cross-checks in R, JASP or jamovi.

The model lines come from :func:`cemsurvey.instrument.structure.lavaan_syntax`, the
same structure the CFA/SEM engine fits, so a user reproduces cemsurvey's model in R with
``cfa(model, data)`` / ``sem(model, data)`` and lavaan's defaults. A comment header
names the instrument, the level, the latent variables' labels and the reverse-keyed
items (which must be recoded ``(low + high) - x`` before fitting). Constructs declared
``measurement: formative`` are written as composites, ``f <~ x1 + x2`` (lavaan's formative
operator; lavaan fixes the first weight to 1 and needs the composite to point at another
latent variable), composites (``measurement: composite``) as reflective ``=~`` lines with a
comment, since lavaan has no mode A composite.
"""

from __future__ import annotations

from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import Level, latent_structure, lavaan_syntax
from cemsurvey.questionnaire.common import fmt_num


def default_level(ins: Instrument) -> Level:
    """``"structural"`` when the instrument has paths (declared or paradigm), else ``"first"``."""
    return "structural" if ins.structural_paths else "first"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_lavaan(ins: Instrument, lang: str, *, level: Level | None = None) -> str:
    """lavaan syntax with a comment header (labels in ``lang``)."""
    level = level or default_level(ins)
    structure = latent_structure(ins, level)
    fn = "sem" if structure.regressions else "cfa"
    head = [
        f"# {_one_line(ins.tr(ins.title, lang))}",
        f"# lavaan model written by cemsurvey design (level: {level})",
        f"# Fit in R: fit <- lavaan::{fn}(model, data = responses); summary(fit, fit.measures = TRUE)",
    ]
    if ins.source:
        head.append(f"# Source: {_one_line(ins.source)}")
    head.append("#")
    head.append("# Latent variables:")
    for f in structure.latents:
        if f in ins.dimensions:
            label = ins.tr(ins.dimensions[f].label, lang) or f
        else:
            label = ins.tr(ins.construct(f).name, lang)
        head.append(f"#   {f}: {_one_line(label)}")
    for dim, rep in structure.aliases.items():
        head.append(f"#   ({dim} is represented by its only construct, {rep})")
    if ins.reverse_items:
        head.append("#")
        head.append("# Reverse-keyed items: recode (low + high) - x before fitting:")
        for iid in ins.reverse_items:
            s = ins.scale_of_item(iid)
            head.append(f"#   {iid} -> {fmt_num((s.low or 0) + (s.high or 0))} - {iid}")
    formative = [f for f in structure.latents if f not in ins.dimensions
                 and ins.construct(f).measurement == "formative"]
    composite = [f for f in structure.latents if f not in ins.dimensions
                 and ins.construct(f).measurement == "composite"]
    if formative or composite:
        head.append("#")
    if formative:
        head.append(f"# Formative (composite, <~): {', '.join(formative)}")
    if composite:
        head.append(f"# Mode A composites written as reflective (=~): {', '.join(composite)}")
    return "\n".join(head) + "\n\n" + _formative(lavaan_syntax(structure), formative)


def _formative(syntax: str, formative: list[str]) -> str:
    r"""``f =~ ...`` lines of formative constructs rewritten as ``f <~ ...``.

    >>> _formative("A =~ a1 + a2\nB =~ b1\nB ~ A\n", ["A"])
    'A <~ a1 + a2\nB =~ b1\nB ~ A\n'
    """
    prefixes = tuple(f"{f} =~ " for f in formative)
    lines = [f"{ln.split(' =~ ')[0]} <~ {ln.split(' =~ ', 1)[1]}" if ln.startswith(prefixes)
             else ln for ln in syntax.split("\n")]
    return "\n".join(lines)
