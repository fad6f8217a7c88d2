"""The Search tab's result cards (HTML). One card per document passage (an article's other
passages behind a toggle) or framework item: the
item's version in the wanted language in front and its other versions behind a toggle, the
closeness in words (the cosine on hover), a framework text's status as a status (official /
working translation / summary) and a page's quality flags as flags, and the crosswalk's links.
Every piece of document text is escaped (render.highlighted); only this markup reaches the page."""

from __future__ import annotations

from indexer.frameworks.model import STATUSES
from indexer.language import RTL_LANGS
from indexer.structure.units import note_mark
from search.ui.i18n import LANGUAGES, direction, framework_names, shown_citation, t
from search.ui.render import esc, highlighted
from search.ui.strings_en import EN


def language_name(code: str, lang: str) -> str:
    """A text's language in the interface language (the six UN languages), else its code."""
    return t(f"lang_{code}", lang) if code in LANGUAGES else code


def flag_name(flag: str, lang: str) -> str:
    key = f"flag_{flag}"
    return t(key, lang) if key in EN else flag  # a flag added to the indexer after these strings


def _text(text: str, code: str, highlights=()) -> str:
    """Document text in its own direction and language, whatever the interface's."""
    text_dir = "rtl" if code in RTL_LANGS else "ltr"
    return (
        f'<div class="pa-text" dir="{text_dir}" lang="{esc(code)}" translate="no">{highlighted(text, highlights)}</div>'
    )


def _strength(result, lang: str) -> str:
    """'strong match' with the cosine on hover: the words read, the number stays available."""
    title = esc(t("cosine_hover", lang, value=f"{result.cosine:.3f}"))
    return (
        f'<span class="pa-strength pa-{result.strength}" title="{title}" data-cosine="{result.cosine:.4f}">'
        f"{esc(t(f'strength_{result.strength}', lang))}</span>"
    )


def _links(result, lang: str) -> str:
    """'linked: SDG 11.1 · NUA ¶31': each link's title and rationale on hover."""
    if not result.links:
        return ""
    parts = [
        f'<span class="pa-link" translate="no" title="{esc(link["title"] + " — " + link["rationale"])}">'
        f"{esc(shown_citation(link['id'], lang))}</span>"
        for link in result.links
    ]
    return f'<div class="pa-links">{esc(t("linked", lang))}: {" · ".join(parts)}</div>'


def _others(result, lang: str) -> str:
    if not result.others:
        return ""
    versions = "".join(
        f'<div class="pa-version"><div class="pa-version-head">{esc(language_name(v.lang, lang))} · '
        f'<span class="pa-status">{esc(t(f"status_{v.status}", lang))}</span></div>'
        f"{_text(v.text, v.lang, v.highlights)}</div>"
        for v in result.others
    )
    summary = esc(t("other_versions", lang, n=len(result.others)))
    return f'<details class="pa-others"><summary>{summary}</summary>{versions}</details>'


def _also(result, lang: str) -> str:
    """An article's other hits (results.py folds them into its best one) behind a toggle, and
    its hits in the document's versions in other languages (search/versions.py) behind another."""
    also = getattr(result, "also", ())
    own = [hit for hit in also if hit.doc == result.hit.doc]
    versions = [hit for hit in also if hit.doc != result.hit.doc]
    return _hits_toggle(own, t("also_in_article", lang, n=len(own)), lang) + _hits_toggle(
        versions, t("other_versions", lang, n=len({hit.doc for hit in versions})), lang
    )


def _hits_toggle(hits: list, summary: str, lang: str) -> str:
    if not hits:
        return ""
    parts = "".join(
        '<div class="pa-version"><div class="pa-version-head">'
        + (f"{esc(t('page', lang))} {hit.page} · " if hit.page else "")
        + f"{esc(language_name(hit.lang, lang))}</div>{_text(hit.text, hit.lang, hit.highlights)}</div>"
        for hit in hits
    )
    return f'<details class="pa-others pa-also"><summary>{esc(summary)}</summary>{parts}</details>'


def card(result, lang: str, page_link: str | None = None) -> str:
    hit = result.hit
    if result.item:
        names = dict((fid, name) for name, fid in framework_names(lang))
        framework = names.get(result.item.split(":", 1)[0], "")
        title = f'<b translate="no">{esc(shown_citation(result.item, lang))}</b> · {esc(framework)}'
        where = [f'<span class="pa-status">{esc(t(f"status_{result.status}", lang))}</span>'] if result.status else []
    else:
        title = f'<b translate="no">{esc(hit.title)}</b>'
        where = [f"{esc(t('page', lang))} {hit.page}"] if hit.page else []
        if hit.label:  # the document's own label ("Article 6", "المادة 6"): its text, isolated in any direction
            where.append(label_html(hit.label, lang))
    flags = [f for f in hit.flags if f not in STATUSES]
    if flags:
        names = ", ".join(flag_name(f, lang) for f in flags)
        where.append(f'<span class="pa-flags">{esc(t("flags", lang))}: {esc(names)}</span>')
    link = (
        f' · <a href="{esc(page_link)}" target="_blank" rel="noopener">{esc(t("open_page", lang))}</a>'
        if page_link
        else ""
    )
    head = " · ".join([title, *where, esc(language_name(hit.lang, lang)), _strength(result, lang)])
    # a framework item's section path is in the interface language; a document's is its own text
    own = "" if result.item else ' translate="no"'
    section = f'<div class="pa-section"{own}>{esc(" › ".join(hit.section))}</div>' if hit.section else ""
    return (
        f'<div class="pa-card" data-item="{esc(result.item)}">'
        f'<div class="pa-head">{head}{link}</div>{section}'
        f"{_text(hit.text, hit.lang, hit.highlights)}{_links(result, lang)}{_others(result, lang)}{_also(result, lang)}</div>"
    )


def result_cards(results, lang: str, links: list[str | None] | None = None) -> str:
    """The results as cards under a count, in the interface's direction."""
    if not results:
        return f'<div class="pa-empty" dir="{direction(lang)}">{esc(t("no_results", lang))}</div>'
    links = links or [None] * len(results)
    cards = "".join(card(r, lang, link) for r, link in zip(results, links))
    count = esc(t("results_count", lang, n=len(results)))
    return f'<div class="pa-results" dir="{direction(lang)}"><div class="pa-count">{count}</div>{cards}</div>'


def label_html(label: str, lang: str) -> str:
    """A document's label as a reader cites it: "paragraph 12", or "note 3" for a footnote ("[3]")."""
    mark = note_mark(label)
    word, shown = ("note", mark) if mark is not None else ("paragraph", label)
    return f'{esc(t(word, lang))} <bdi translate="no">{esc(shown)}</bdi>'
