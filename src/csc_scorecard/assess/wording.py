"""The words of a drafted point: figures, comparators, direction, refs.

Kept apart from the rules (narrative.py) so that the sentences can be read
and changed in one place. Every sentence quotes the real figure, its base
where it is a percentage, the target, the comparators with where they come
from, and the direction; a low base and a change within chance variation are
worded as such ("remained broadly stable"), never as a rise or a fall.
``hide`` (public papers) replaces a figure with DfE's symbol ``c``.
"""

from __future__ import annotations

from typing import Callable

from ..indicators.period import labelled
from .disclosure import CONFIDENTIAL as SUPPRESSED
from .disclosure import small


def format_value(value: float | None, unit: str, *, missing: str = "–") -> str:
    """A figure as the paper prints it: percentages to one decimal place, counts and days whole."""
    if value is None:
        return missing
    if unit == "percent":
        return f"{value:.1f}%"
    if unit in ("count", "days"):
        return f"{value:,.0f}" + (" days" if unit == "days" else "")
    return f"{value:,.1f}"


def disclosive(fact) -> bool:
    """True when a public paper must not show this figure: its numerator, or base minus numerator, is 1 to 5."""
    num, den = fact.numerator, fact.denominator
    if fact.unit == "count":
        return small(fact.value)
    if fact.unit == "percent" and num is not None and den is not None:
        return small(num) or small(den - num)
    if fact.unit == "rate10k":
        return small(num)
    return False


def lower_first(text: str) -> str:
    """'Assessments completed' -> 'assessments completed'; 'CLA ...' and 'A1 ...' stay as they are."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def basis(text: str | None) -> str:
    """'2024-25 (computed)' -> '2024-25, computed': one level of brackets reads better inside a sentence."""
    t = labelled((text or "").strip())
    return t.replace(" (", ", ").replace("(", "").replace(")", "")


def refs_text(refs: list[str]) -> str:
    return "(" + ", ".join(refs) + ")"


def _target(fact, show: Callable[[float | None], str]) -> str:
    if fact.target is None or fact.rag is None:
        return ""
    t = show(fact.target)
    if fact.rag == "green":
        met = abs(fact.value - fact.target) < 1e-9
        return f"meeting the target of {t}" if met else f"better than the target of {t}"
    side = "below" if fact.polarity == "up" else "above"
    return f"{side} the target of {t} ({fact.rag})"  # amber or red: said either way


def _comparators(fact, show: Callable[[float | None], str]) -> str:
    parts = []
    for label, comp, how in (("statistical neighbours' average", fact.neighbours, fact.vs_neighbours),
                             ("England", fact.england, fact.vs_england)):
        if comp is None or comp[0] is None:
            continue
        word = {"better": "better than", "worse": "worse than", "same": "in line with"}.get(how or "", "against")
        parts.append((word, f"{label} ({show(comp[0])}, {basis(comp[1])})"))
    if not parts:
        return ""
    if len(parts) == 2 and parts[0][0] == parts[1][0]:
        return f"{parts[0][0]} {parts[0][1]} and {parts[1][1]}"
    return " and ".join(f"{w} {what}" for w, what in parts)


def _trend(fact, show: Callable[[float | None], str]) -> str:
    t = fact.previous
    if t is None or t.value is None:
        return ""
    earlier = f"{show(t.value)} in {t.period}"
    if fact.low_base:
        return f"compared with {earlier} (a low base, so one child moves the figure a long way)"
    if t.judgement == "same" or (t.testable and not t.significant):
        if abs((fact.value or 0) - t.value) < 1e-9:
            return f"was unchanged ({earlier})"
        chance = ", a change within chance variation" if t.testable and not t.significant else ""
        return f"remained broadly stable ({earlier}{chance})"
    moved = "up" if fact.value > t.value else "down"
    verdict = {"better": "an improvement", "worse": "a decline"}.get(t.judgement or "", "")
    sig = "a significant " + verdict.split(" ", 1)[1] if t.testable and t.significant and verdict else verdict
    return f"{moved} from {earlier}" + (f", {sig}" if sig else "")


def clause(fact, *, public: bool = False, first: bool = True) -> str:
    """One indicator's part of a point: figure, base, target, comparators, direction."""
    hidden = public and disclosive(fact)

    def show(v):
        return format_value(v, fact.unit)

    title = fact.title if first else lower_first(fact.title)
    if hidden:
        return (f"{title} cannot be shown in this public paper ({SUPPRESSED}: fewer than six children "
                f"are counted on one side of the figure)")
    verb = "numbered" if fact.unit == "count" else "stood at"
    when = fact.period_label or fact.period
    text = f"{title} {verb} {show(fact.value)} in {when}"
    if fact.unit == "percent" and fact.numerator is not None and fact.denominator:
        text += f" ({fact.numerator:,.0f} of {fact.denominator:,.0f}"
        text += ", a low base)" if fact.low_base else ")"
    bits = [b for b in (_target(fact, show), _comparators(fact, show)) if b]
    if bits:
        text += ", " + ", and ".join(bits)
    trend = _trend(fact, show)
    if trend:
        text += "; it " + trend if not trend.startswith(("up", "down", "compared")) else f", {trend}"
    return text


def sentence(side: str, theme_label: str, plural: bool, facts: list, *, variable: bool = False,
             public: bool = False) -> str:
    """A point: the theme's lead, each indicator's clause, then every ref cited."""
    verb = "are" if plural else "is"
    need = "need" if plural else "needs"
    # a theme with strengths and weaknesses under one judgement is variable: neither point may claim the whole
    # theme ("... are a strength" beside "... are variable" read as a contradiction)
    if variable and side == "strength":
        lead = f"{theme_label} {verb} variable, and a strength in part"
    elif variable:
        lead = f"{theme_label} {verb} variable, and in part {need} to improve"
    elif side == "strength":
        lead = f"{theme_label} {verb} a strength"
    else:
        lead = f"{theme_label} {need} to improve"
    body = ". ".join(clause(f, public=public) for f in facts)
    refs = refs_text([f.ref for f in facts])
    return f"{lead}. {body} {refs}."
