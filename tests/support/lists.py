"""A plan's list, as a PDF printed by LibreOffice: a lead-in line, four items marked one way, then
the paragraph after the list, in six languages (tests/test_lettered_lists.py, eval/list_items.py)."""

from __future__ import annotations

import html

from tests.support.libreoffice import FONTS, html_page, html_to_pdf, office_pdf, right_to_left

SHORT = {
    "en": ["build 2,000 social homes by 2030;", "refurbish the schools of the priority districts;",
           "open three new rapid bus lines;", "plant 10,000 trees in the streets of the centre."],
    "fr": ["construire 2 000 logements sociaux d'ici 2030 ;", "rénover les écoles des quartiers prioritaires ;",
           "créer trois nouvelles lignes de bus à haut niveau de service ;", "planter 10 000 arbres dans les rues du centre."],
    "es": ["construir 2.000 viviendas sociales antes de 2030;", "renovar las escuelas de los barrios prioritarios;",
           "abrir tres nuevas líneas de autobús de tránsito rápido;", "plantar 10.000 árboles en las calles del centro."],
    "ru": ["построить 2 000 единиц социального жилья к 2030 году;", "отремонтировать школы в приоритетных районах;",
           "открыть три новые линии скоростного автобуса;", "высадить 10 000 деревьев на улицах центра."],
    "zh": ["到2030年新建保障性住房2000套。", "改造重点片区的中小学校舍。", "开通三条快速公交线路。", "在中心城区街道种植一万棵树。"],
    "ar": ["بناء 2000 وحدة سكنية اجتماعية بحلول عام 2030؛", "تجديد المدارس في الأحياء ذات الأولوية؛",
           "إنشاء ثلاثة خطوط جديدة للحافلات السريعة؛", "زراعة 10000 شجرة في شوارع وسط المدينة."],
}  # fmt: skip
LONGER = {
    "en": " with the housing association and the tenants' union, publishing every year the list of sites and the rents charged",
    "fr": " avec les bailleurs sociaux et les associations de locataires, en publiant chaque année la liste des sites et des loyers",
    "es": " con las cooperativas y las asociaciones de inquilinos, publicando cada año la lista de parcelas y de alquileres",
    "ru": " совместно с жилищными кооперативами и объединениями жильцов, ежегодно публикуя перечень участков и ставки аренды",
    "zh": "，并会同住房合作社和租户协会每年公布项目选址清单和租金标准，接受市民监督，确保资金使用公开透明",
    "ar": " بالتعاون مع جمعيات الإسكان واتحادات المستأجرين، مع نشر قائمة المواقع والإيجارات المفروضة في كل عام",
}  # fmt: skip
LEAD = {"en": "The Council will:", "fr": "La commune s'engage à :", "es": "El municipio se compromete a:",
        "ru": "Администрация города обязуется:", "zh": "市政府将重点做好以下工作：", "ar": "تلتزم البلدية بما يلي:"}  # fmt: skip
AFTER = {
    "en": "These measures are financed from the capital budget and reviewed by the council every year.",
    "fr": "Ces mesures sont financées par le budget d'investissement et revues chaque année par le conseil.",
    "es": "Estas medidas se financian con el presupuesto de inversiones y el concejo las revisa cada año.",
    "ru": "Эти меры финансируются из бюджета развития и ежегодно рассматриваются городским советом.",
    "zh": "上述措施由市级财政资本预算安排资金，并由市人大常委会每年审议一次。",
    "ar": "تمول هذه التدابير من ميزانية الاستثمار ويراجعها المجلس البلدي كل عام.",
}  # fmt: skip


def list_pdf(folder, name: str, lang: str, items: list[str], breaks: bool):
    """The lead, the items (each a paragraph, or lines of one paragraph cut by line breaks), the
    paragraph after, as a PDF printed by LibreOffice."""
    font = FONTS.get(lang, '"Noto Sans", "DejaVu Sans"')
    escaped = [html.escape(item) for item in items]
    listed = f"<p>{'<br>'.join(escaped)}</p>" if breaks else "".join(f"<p>{item}</p>" for item in escaped)
    body = f"<p>{html.escape(LEAD[lang])}</p>{listed}<p>{html.escape(AFTER[lang])}</p>"
    source = folder / f"{name}.html"
    source.write_text(html_page(body, lang, f"body{{font-family:{font};font-size:11pt}}"), encoding="utf-8")
    return html_to_pdf(source, timeout=180)


def item_texts(lang: str, wrapped: bool, ended: bool = True) -> list[str]:
    """The four items' texts, unmarked: the second long enough to wrap when `wrapped`; each ending
    with its ";" / "؛" / "。" (the last with a full stop) when `ended`, with nothing if not."""
    return [
        t.rstrip("；;.。؛") + (LONGER[lang] if wrapped and n == 1 else "") + (t[-1] if ended else "")
        for n, t in enumerate(SHORT[lang])
    ]


def word_list_pdf(folder, name: str, lang: str, items: list[str], style: str = "List Bullet", lead: str = ""):
    """The lead, the items in a Word list style ("List Bullet": Word's Symbol-font bullet, which
    the PDF keeps as a private-use code; "List Number"), the paragraph after: a DOCX written with
    python-docx, printed to PDF by LibreOffice as Word would print it. Right to left for Arabic.
    `lead`: another lead-in (a paragraph long enough to wrap sets the measure)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for text, paragraph_style in [(lead or LEAD[lang], None), *((item, style) for item in items), (AFTER[lang], None)]:
        paragraph = document.add_paragraph(text, style=paragraph_style)
        if lang == "ar":
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # LibreOffice sets it flush left
            right_to_left(paragraph)
    source = folder / f"{name}.docx"
    document.save(source)
    return office_pdf(source)
