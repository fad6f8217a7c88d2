"""HTML for "why?": a statement of an alignment and, per match, a <details> with the rule that
gave the strength, P(topic) and P(item | topic), the largest feature effects and the item's
nearest views (search/explain.py), and the reviewer's decision. All text is escaped; the plan's
and the framework's text keeps its own direction (dir="auto")."""

from __future__ import annotations

from indexer.shorten import shortened
from search.features import cluster_indicator, item_indicator
from search.ui.i18n import direction, shown_citation, t
from search.ui.render import esc, statement_mark, text_span
from search.ui.strings_en import EN

TOP_EFFECTS = 4
BEST_SENTENCE = "best_sentence_"  # search/features.py: a feature on the statement's best sentence
BEST_CLAUSE = "best_clause_"  # ... on its best clause
SENTENCE_LEAD = "sentence_lead_"  # ... its lead over the other items on its best sentence
CLAUSE_LEAD = "clause_lead_"  # ... on its best clause
VIEW_CHARS = 300  # a whole item text is long: its start is enough to see why it is near


def label(prefix: str, name: str, lang: str) -> str:
    """A feature's or view kind's name in the interface language (the name itself when the
    strings have none, e.g. a feature added after these tables)."""
    for unit, key in (
        (BEST_SENTENCE, "feature_best_sentence"),
        (BEST_CLAUSE, "feature_best_clause"),
        (SENTENCE_LEAD, "feature_sentence_lead"),
        (CLAUSE_LEAD, "feature_clause_lead"),
    ):
        if prefix == "feature" and name.startswith(unit):
            return t(key, lang, feature=label(prefix, name[len(unit) :], lang))
    if prefix == "feature" and item_indicator(name) is not None:
        return t("feature_item", lang, n=item_indicator(name) + 1)
    if prefix == "feature" and cluster_indicator(name) is not None:
        return t("feature_cluster", lang, cluster=cluster_indicator(name))
    key = f"{prefix}_{name}"
    return t(key, lang) if key in EN else name


def decision_mark(review, lang: str) -> str:
    """'✓ accepted', '✗ rejected', '→ cairo:9', or '' when not reviewed."""
    return t(f"reviewed_{review.decision}", lang, item=review.reassign_to) if review else ""


def review_badge(review, lang: str) -> str:
    """The reviewer's decision on a match and their note, as a badge (empty when none)."""
    if review is None:
        return ""
    note = f': <bdi dir="auto">{esc(review.note)}</bdi>' if review.note else ""
    return f' <span class="pa-review"><bdi>{esc(decision_mark(review, lang))}</bdi>{note}</span>'


def _number(x: float, fmt: str) -> str:
    return f'<bdi dir="ltr">{x:{fmt}}</bdi>'  # "+3.01", "-0.85" in a right-to-left table too


def _text(text: str, lang: str, tag: str = "span", limit: int = VIEW_CHARS) -> str:
    return text_span(shortened(text, limit), lang, tag)


def _feature(name: str, lang: str) -> str:
    shown = label("feature", name, lang)
    return esc(shown) + (f" <code>{esc(name)}</code>" if shown != name else "")


def _effects(explanation, lang: str) -> str:
    rows = sorted(
        [("topic", c) for c in explanation.topic.contributions] + [("item", c) for c in explanation.item.contributions],
        key=lambda mc: -abs(mc[1].effect),
    )[:TOP_EFFECTS]
    body = "".join(
        f"<tr><td>{_feature(c.feature, lang)}</td>"
        f"<td>{esc(t(f'model_{model}', lang))}</td><td class='pa-value'>{_number(c.value, '.3f')}</td>"
        f'<td class="pa-{"up" if c.effect >= 0 else "down"}">{_number(c.effect, "+.2f")}</td></tr>'
        for model, c in rows
    )
    head = "".join(
        f"<th{' class=pa-value' if k == 'why_value' else ''}>{esc(t(k, lang))}</th>"
        for k in ("why_feature", "why_model", "why_value", "why_effect")
    )
    return f'<div class="pa-scroll"><table class="pa-effects"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _views(explanation, lang: str) -> str:
    items = "".join(
        f'<li><span class="pa-view-head">{esc(label("view", v.kind, lang))} · {esc(v.lang)} · '
        f"{esc(t('why_cosine', lang))} {v.cosine:.3f}</span> {_text(v.text, v.lang, 'q')}</li>"
        for v in explanation.nearest_views
    )
    return f'<ul class="pa-views">{items}</ul>'


def rule_sentence(explanation, lang: str) -> str:
    """The rule that gave the strength in the interface language, from its code and numbers
    (search/explain.py); the English sentence itself when there is no code (an older report)."""
    from search.explain import RULES, rule_text

    if explanation.rule_code not in RULES:
        return explanation.rule
    return rule_text(explanation.rule_code, explanation.rule_values, t(f"why_rule_{explanation.rule_code}", lang))


def _companion(explanation, lang: str) -> str:
    """Where the score came from when it is the statement's best item's (search/companions.py)."""
    from search.explain import companion_text

    c = explanation.companion
    if c is None:
        return ""
    text = companion_text(c, shown_citation(c.item, lang), t("why_companion", lang))
    return f'<p class="pa-companion"><bdi>{esc(text)}</bdi></p>'


def explanation_html(explanation, lang: str) -> str:
    """The inside of one match's "why?": rule, the two probabilities, effects, nearest views."""
    if explanation is None:
        return f"<p>{esc(t('why_none', lang))}</p>"
    e = explanation
    return (
        f'<p class="pa-rule"><b>{esc(t("why_rule", lang))}:</b> <bdi>{esc(rule_sentence(e, lang))}</bdi></p>'
        f"{_companion(e, lang)}"
        f'<p class="pa-probs"><bdi>{esc(t("why_topic", lang))}: <b>{e.topic.probability:.2f}</b>'
        f" ({esc(t('why_threshold', lang))} {e.topic_threshold:.2f})</bdi> · "
        f"<bdi>{esc(t('why_item', lang))}: <b>{e.item.probability:.2f}</b></bdi></p>"
        f"<p><b>{esc(t('why_effects', lang))}</b></p>{_effects(e, lang)}"
        f"<p><b>{esc(t('why_views', lang))}</b></p>{_views(e, lang)}"
    )


def statement_why(report, statement: int, lang: str, selected: str = "") -> str:
    """One statement of `report` and a "why?" <details> per match (the `selected` item's open)."""
    result = next((r for r in report.statements if r.statement.index == statement), None)
    if result is None:
        return ""
    from search.ui.align_view import titles as titles_in

    titles = {i.id: i.title for i in report.items} | titles_in(lang)  # the interface language's, where it has one
    s = result.statement
    parts = []
    for m in result.matches:
        badge = review_badge(report.review_of(statement, m.id), lang)
        parts.append(
            f'<details class="pa-why-match" data-item="{esc(m.id)}"{" open" if m.id == selected else ""}>'
            f"<summary>{esc(t('why', lang))} <b><bdi>{esc(shown_citation(m.id, lang))}</bdi></b> <bdi>{esc(titles.get(m.id, ''))}</bdi>"
            f' — {esc(t(f"align_strength_{m.strength}", lang))} <bdi dir="ltr">{m.score:.2f}</bdi>{badge}</summary>'
            f"{explanation_html(m.explanation, lang)}</details>"
        )
    return (
        f'<div class="pa-why" dir="{direction(lang)}">'
        f'<div class="pa-why-statement">{statement_mark(s.index)} {_text(s.text, s.lang, limit=2000)}</div>'
        f"{''.join(parts)}</div>"
    )
