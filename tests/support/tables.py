"""A plan's table of targets as PDFs are made of it: a paragraph, a ruled table (a header and two
rows), a paragraph, in six languages; written in Word's "Table Grid" style and printed by
LibreOffice, or as an HTML table printed by LibreOffice or Chromium (tests/test_tables.py,
eval/tables_eval.py)."""

from __future__ import annotations

import html

from tests.support.libreoffice import FONTS, html_page, right_to_left

# (paragraph before, rows, paragraph after); the first row's first cell is long enough to wrap
# where WRAP is added to it
TEXTS = {
    "en": (
        "The city will deliver 12,000 new homes by 2035, a third of them affordable to the lowest incomes.",
        [["Indicator", "Baseline 2024", "Target 2035"], ["Affordable homes built", "1,200", "12,000"],
         ["Households in informal settlements", "8,400", "2,000"]],
        "The housing department reports progress to the council every year.",
    ),
    "fr": (
        "La ville livrera 12 000 logements neufs d'ici 2035, dont un tiers accessibles aux ménages modestes.",
        [["Indicateur", "Référence 2024", "Cible 2035"], ["Logements abordables livrés", "1 200", "12 000"],
         ["Ménages en habitat informel", "8 400", "2 000"]],
        "Le service de l'habitat rend compte au conseil chaque année.",
    ),
    "es": (
        "La ciudad entregará 12.000 viviendas nuevas para 2035, un tercio de ellas asequibles.",
        [["Indicador", "Línea de base 2024", "Meta 2035"], ["Viviendas asequibles construidas", "1.200", "12.000"],
         ["Hogares en asentamientos informales", "8.400", "2.000"]],
        "La dirección de vivienda informa al concejo cada año.",
    ),
    "ru": (
        "К 2035 году город построит 12 000 новых квартир, треть из них доступна семьям с низкими доходами.",
        [["Показатель", "Базовое значение 2024", "Цель 2035"], ["Построено доступного жилья", "1 200", "12 000"],
         ["Семьи в неформальных поселениях", "8 400", "2 000"]],
        "Жилищный департамент ежегодно отчитывается перед советом.",
    ),
    "zh": (
        "到2035年，全市新增住房12000套，其中保障性住房不少于三分之一。",
        [["指标", "2024年基期值", "2035年目标值"], ["保障性住房建成套数", "1200", "12000"], ["城中村居住户数", "8400", "2000"]],
        "市住房和城乡建设局每年向市人民政府报告实施进展。",
    ),
    "ar": (
        "ستوفر المدينة 12000 مسكن جديد بحلول عام 2035، على أن يكون ثلثها على الأقل ميسور التكلفة.",
        [["المؤشر", "خط الأساس 2024", "الهدف 2035"], ["المساكن الميسورة المنجزة", "1200", "12000"],
         ["الأسر في المناطق غير الرسمية", "8400", "2000"]],
        "تقدم إدارة الإسكان تقريرًا سنويًا إلى المجلس البلدي.",
    ),
}  # fmt: skip
WRAP = {
    "en": " in the priority districts, with the housing association and the tenants' union",
    "fr": " dans les quartiers prioritaires, avec les bailleurs sociaux et les associations de locataires",
    "es": " en los barrios prioritarios, con las cooperativas y las asociaciones de inquilinos",
    "ru": " в приоритетных районах совместно с жилищными кооперативами и объединениями жильцов",
    "zh": "（重点片区，会同住房合作社和租户协会共同推进）",
    "ar": " في الأحياء ذات الأولوية بالتعاون مع جمعيات الإسكان واتحادات المستأجرين",
}


def table_texts(lang: str, wrapped: bool) -> tuple[str, list[list[str]], str]:
    before, rows, after = TEXTS[lang]
    if wrapped:
        rows = [rows[0], [rows[1][0] + WRAP[lang], *rows[1][1:]], rows[2]]
    return before, rows, after


def word_table_docx(folder, name: str, lang: str, wrapped: bool = False):
    """The document in Word's "Table Grid" style, right to left for Arabic (its table too: the
    first column on the right)."""
    import docx
    from docx.oxml.parser import OxmlElement
    from docx.shared import Cm

    before, rows, after = table_texts(lang, wrapped)
    document = docx.Document()
    paragraphs = [document.add_paragraph(before)]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    if lang == "ar":
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).width = Cm(4.5)
            table.cell(r, c).text = text
    paragraphs.append(document.add_paragraph(after))
    for paragraph in paragraphs if lang == "ar" else []:
        right_to_left(paragraph)
    document.save(folder / f"{name}.docx")
    return folder / f"{name}.docx"


def table_html(folder, name: str, lang: str, wrapped: bool = False):
    """The document as an HTML page, its table ruled (border-collapse), right to left for Arabic."""
    before, rows, after = table_texts(lang, wrapped)
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    body = f"<p>{html.escape(before)}</p><table border='1'>{cells}</table><p>{html.escape(after)}</p>"
    font = FONTS.get(lang, '"Noto Sans", "DejaVu Sans"')
    css = f"body{{font-family:{font};font-size:11pt}} table{{border-collapse:collapse}} td{{padding:3pt;width:140pt}}"
    source = folder / f"{name}.html"
    source.write_text(html_page(body, lang, css), encoding="utf-8")
    return source
