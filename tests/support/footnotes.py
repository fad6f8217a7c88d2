"""A PDF (or DOCX) with real footnotes: LibreOffice lays out a flat OpenDocument text (FODT) whose
paragraphs carry <text:note> elements, so each note is set in small type at its page's foot
and the paragraph it interrupts may run on to the next page; pages may carry a running header
and footer (runs(): a plan of paragraphs cut by page breaks, eval/page_breaks.py)."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

from search.pdfs import soffice

FONTS = {"zh": "Noto Sans CJK SC", "ar": "Noto Naskh Arabic"}
NOTE_AT = "[N]"  # where a paragraph's text carries a note reference
PAGE = "{page}"  # where a running header or footer shows the page's number


def _style(name: str, lang: str, size: str, extra: str) -> str:
    font = FONTS.get(lang, "Noto Sans")
    rtl = 'style:writing-mode="rl-tb"' if lang == "ar" else ""
    sizes = f'fo:font-size="{size}" style:font-size-asian="{size}" style:font-size-complex="{size}"'
    fonts = f'fo:font-family="{font}" style:font-family-asian="{font}" style:font-family-complex="{font}"'
    return (
        f'<style:style style:name="{name}" style:family="paragraph"><style:paragraph-properties {rtl} {extra}/>'
        f'<style:text-properties {fonts} {sizes} fo:language="{lang}"/></style:style>'
    )


def _page(columns: int, lang: str, footer: str = "", header: str = "") -> str:
    """An A4 page layout of `columns` text columns (LibreOffice sets each column's notes at its
    foot), right to left in Arabic (its columns then run from the right), with a running footer
    and header."""
    rtl = 'style:writing-mode="rl-tb" ' if lang == "ar" else ""
    return (
        '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
        f'{rtl}fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" '
        f'fo:margin-left="2cm" fo:margin-right="2cm"><style:columns fo:column-count="{columns}" '
        'fo:column-gap="0.8cm"/></style:page-layout-properties></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
        + (f"<style:header><text:p>{_furniture(header)}</text:p></style:header>" if header else "")
        + (f"<style:footer><text:p>{_furniture(footer)}</text:p></style:footer>" if footer else "")
        + "</style:master-page></office:master-styles>"
    )


def _furniture(text: str) -> str:
    """A running header's or footer's text, PAGE the page's number (a field LibreOffice fills in)."""
    return html.escape(text).replace(PAGE, '<text:page-number text:select-page="current">1</text:page-number>')


def footnoted(
    folder: Path,
    name: str,
    lang: str,
    paragraphs: list[str],
    notes: list[str],
    to: str = "pdf",
    columns: int = 1,
    footer: str = "",
    header: str = "",
    align: str = "justify",
    indent: bool = False,
) -> Path:
    """Paragraphs (each NOTE_AT a reference to the next of `notes`) -> a PDF (or, `to` "docx", a
    Word file) by LibreOffice, on pages of `columns` columns, under a running `header`, over a
    running `footer`, paragraphs "justify"-ed or "ragged" (set against the edge where the
    script's lines start); `indent`: each paragraph's first line indented, no space between
    paragraphs (as Russian and French documents are often set)."""
    # LibreOffice sets "start" against the left edge in right-to-left text too
    edge = align if align != "ragged" else "end" if lang == "ar" else "start"
    spacing = 'fo:text-indent="1.25cm" fo:margin-bottom="0cm"' if indent else 'fo:margin-bottom="0.25cm"'
    body, used = [], 0
    for paragraph in paragraphs:
        parts = paragraph.split(NOTE_AT)
        out = html.escape(parts[0])
        for rest in parts[1:]:
            used += 1
            out += (
                f'<text:note text:id="ftn{used}" text:note-class="footnote"><text:note-citation>{used}'
                f'</text:note-citation><text:note-body><text:p text:style-name="Note">{html.escape(notes[used - 1])}'
                f"</text:p></text:note-body></text:note>{html.escape(rest)}"
            )
        body.append(f'<text:p text:style-name="Body">{out}</text:p>')
    ns = "urn:oasis:names:tc:opendocument:xmlns"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="{ns}:office:1.0" '
        f'xmlns:style="{ns}:style:1.0" xmlns:text="{ns}:text:1.0" xmlns:fo="{ns}:xsl-fo-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        + (_page(columns, lang, footer, header) if columns > 1 or footer or header else "")
        + "<office:styles>"
        + _style("Body", lang, "11pt", f'{spacing} fo:text-align="{edge}"')
        + _style("Note", lang, "8pt", "")
        + "</office:styles><office:body><office:text>"
        + "\n".join(body)
        + "</office:text></office:body></office:document>"
    )
    source = folder / f"{name}.fodt"
    source.write_text(document, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-align-lo-") as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML" if to == "docx" else "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder / f"{name}.{to}"


# a paragraph with a reference after its second sentence, and a note; {n} its number, {k} a figure
TEXTS = {
    "en": (
        "{n}. The city will build {k} social rental homes near tram stop {n} so that low-income households "
        "reach jobs and services within thirty minutes. It reserves public land for housing cooperatives in "
        "district {n} and caps rents for twenty years.{note} Each district reports to the council every year, "
        "and the results are published on the open data portal with the homes started and finished.",
        "Housing Strategy 2024, chapter {n}; council decision 2024/{k} of 12 March 2024, published in the "
        "official gazette of the city together with its annexes and the maps of the reserved plots.",
    ),
    "fr": (
        "{n}. La ville construira {k} logements sociaux près de l'arrêt de tramway {n} afin que les ménages "
        "modestes atteignent emplois et services en trente minutes. Elle réserve du foncier public aux "
        "coopératives d'habitants dans le quartier {n} et plafonne les loyers pendant vingt ans.{note} Chaque "
        "quartier rend compte au conseil chaque année, et les résultats sont publiés sur le portail de données "
        "ouvertes avec les logements commencés et livrés.",
        "Stratégie de l'habitat 2024, chapitre {n} ; délibération du conseil municipal n° 2024/{k} du 12 mars "
        "2024, publiée au recueil des actes administratifs avec ses annexes et les plans des terrains réservés.",
    ),
    "es": (
        "{n}. La ciudad construirá {k} viviendas sociales de alquiler junto a la parada de tranvía {n} para que "
        "los hogares de bajos ingresos lleguen al empleo y los servicios en treinta minutos. Reserva suelo "
        "público para cooperativas de vivienda en el distrito {n} y limita los alquileres durante veinte "
        "años.{note} Cada distrito informa al pleno cada año, y los resultados se publican en el portal de datos "
        "abiertos con las viviendas iniciadas y terminadas.",
        "Estrategia de Vivienda 2024, capítulo {n}; acuerdo del pleno municipal 2024/{k} de 12 de marzo de 2024, "
        "publicado en el boletín oficial de la ciudad con sus anexos y los planos de las parcelas reservadas.",
    ),
    "de": (
        "{n}. Die Stadt baut {k} Sozialwohnungen an der Straßenbahnhaltestelle {n}, damit Haushalte mit "
        "geringem Einkommen Arbeit und Dienste in dreißig Minuten erreichen. Sie reserviert im Bezirk {n} "
        "öffentliche Grundstücke für Wohnungsgenossenschaften und deckelt die Mieten für zwanzig Jahre.{note} "
        "Jeder Bezirk berichtet dem Rat jährlich, und die Ergebnisse werden mit den begonnenen und fertigen "
        "Wohnungen im Open-Data-Portal veröffentlicht.",
        "Wohnungsbaustrategie 2024, Kapitel {n}; Ratsbeschluss 2024/{k} vom 12. März 2024, veröffentlicht im "
        "Amtsblatt der Stadt mit seinen Anlagen und den Plänen der reservierten Grundstücke.",
    ),
    "pt": (
        "{n}. A cidade construirá {k} habitações sociais de aluguel perto da parada de bonde {n} para que as "
        "famílias de baixa renda alcancem empregos e serviços em trinta minutos. Reserva terrenos públicos para "
        "cooperativas habitacionais no distrito {n} e limita os aluguéis por vinte anos.{note} Cada distrito "
        "presta contas à câmara todos os anos, e os resultados são publicados no portal de dados abertos com as "
        "habitações iniciadas e concluídas.",
        "Estratégia de Habitação 2024, capítulo {n}; deliberação da câmara municipal 2024/{k} de 12 de março de "
        "2024, publicada no diário oficial do município com os seus anexos e as plantas dos lotes reservados.",
    ),
    "ru": (
        "{n}. Город построит {k} единиц социального арендного жилья у трамвайной остановки {n}, чтобы семьи с "
        "низкими доходами добирались до работы и услуг за тридцать минут. Он резервирует в районе {n} "
        "муниципальные участки для жилищных кооперативов и ограничивает арендную плату на двадцать лет.{note} "
        "Каждый район ежегодно отчитывается перед советом, а результаты публикуются на портале открытых данных "
        "с числом начатых и завершённых домов.",
        "Жилищная стратегия 2024 года, глава {n}; решение городского совета № 2024/{k} от 12 марта 2024 года, "
        "опубликованное в официальном бюллетене города вместе с приложениями и схемами участков.",
    ),
    "ar": (
        "{n}. ستبني المدينة {k} مسكنا اجتماعيا للإيجار قرب محطة الترام رقم {n} حتى تصل الأسر ذات الدخل "
        "المنخفض إلى العمل والخدمات في ثلاثين دقيقة. وتخصص أراضي عامة لتعاونيات الإسكان في الحي {n} وتحدد "
        "سقفا للإيجارات لمدة عشرين عاما.{note} وتقدم كل منطقة تقريرا سنويا إلى المجلس وتنشر النتائج على بوابة "
        "البيانات المفتوحة مع عدد المساكن التي بدأ بناؤها والتي اكتملت.",
        "استراتيجية الإسكان 2024، الفصل {n}؛ قرار المجلس البلدي رقم {k} المؤرخ 12 مارس 2024، المنشور في "
        "الجريدة الرسمية للمدينة مع ملاحقه الكاملة وخرائط الأراضي المخصصة.",
    ),
    "zh": (
        "{n}. 市政府将在第{n}号电车站附近建设{k}套公共租赁住房，使低收入家庭能在三十分钟内到达就业和服务设施。"
        "市政府将在第{n}区为住房合作社预留公共用地，并在二十年内限制租金上涨幅度。{note}各区每年向市议会报告进展，"
        "结果连同开工和竣工住房数量在开放数据门户网站上公布，接受市民监督。",
        "见《住房战略2024》第{n}章；市议会2024年3月12日第{k}号决定，全文载于本市政府公报及其附件，"
        "并附预留地块图，可在开放数据门户网站下载。",
    ),
}
PARAGRAPHS = 12
NOTED = [n for n in range(1, PARAGRAPHS + 1) if n % 2 == 0 or n > 7]  # notes on both pages


def plan(lang: str) -> tuple[list[str], list[str]]:
    paragraph, note = TEXTS[lang]
    paragraphs = [
        paragraph.format(n=n, k=100 * n + 7, note=NOTE_AT if n in NOTED else "") for n in range(1, PARAGRAPHS + 1)
    ]
    return paragraphs, [note.format(n=n, k=7 * n) for n in NOTED]


_MARKS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(text: str) -> str:
    """A text to compare a reading with: no reference marks, no whitespace."""
    return re.sub(r"\s+", "", text.translate(_MARKS))


WHOLE_PARAGRAPHS = 30  # in a plan of runs(): paragraphs cut by page breaks
SHIFTS = (0, 2, 4)  # sentences in the opening paragraph
HEADERS = {
    "en": "Housing Strategy 2024 — Draft for consultation",
    "fr": "Stratégie de l'habitat 2024 — Projet soumis à consultation",
    "es": "Estrategia de Vivienda 2024 — Borrador para consulta",
    "de": "Wohnungsbaustrategie 2024 — Entwurf zur Beteiligung",
    "pt": "Estratégia de Habitação 2024 — Versão para consulta",
    "ru": "Жилищная стратегия 2024 — проект для обсуждения",
    "ar": "استراتيجية الإسكان 2024 — مسودة للتشاور",
    "zh": "住房战略2024——征求意见稿",
}
FOOTERS = {
    "en": f"City of Port Amara · page {PAGE}",
    "fr": f"Ville de Port Amara · page {PAGE}",
    "es": f"Ciudad de Port Amara · página {PAGE}",
    "de": f"Stadt Port Amara · Seite {PAGE}",
    "pt": f"Cidade de Port Amara · página {PAGE}",
    "ru": f"Город Порт-Амара · страница {PAGE}",
    "ar": f"مدينة بورت أمارا · صفحة {PAGE}",
    "zh": f"港阿马拉市 · 第{PAGE}页",
}


def runs(lang: str, shift: int, numbered: bool = True) -> list[str]:
    """A plan of WHOLE_PARAGRAPHS paragraphs (numbered, or not) after an opening one of `shift`
    sentences (if any), which moves where the page breaks fall (eval/page_breaks.py)."""
    paragraph, sentence = TEXTS[lang]
    if not numbered:
        paragraph = paragraph.removeprefix("{n}. ")
    opening = [" ".join(sentence.format(n=i + 1, k=7 * i + 3) for i in range(shift))] if shift else []
    return opening + [paragraph.format(n=n, k=100 * n + 7, note="") for n in range(1, WHOLE_PARAGRAPHS + 1)]
