"""Footnotes read back: plans with real footnotes made by LibreOffice (a PDF with the notes at
each page's foot, or at each column's foot on pages of two columns, and a DOCX), in eight languages, read by the indexer as `align` reads a plan.

Per cell: the share of the numbered paragraphs read whole as one statement (the text of the
paragraph, reference marks aside, whitespace ignored), the share of the notes read as a
statement of their own with their text, the notes glued into a paragraph's statement, and
statements that are neither (a paragraph's cut-off half).

    python eval/footnotes_fidelity.py [--langs en,ar] [--formats pdf,pdf2,docx]

The same command with `PYTHONPATH` on an older tree measures that tree's reading.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.footnotes import NOTE_AT, footnoted

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
_MARKS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_MARKS))


def plan(lang: str) -> tuple[list[str], list[str]]:
    paragraph, note = TEXTS[lang]
    paragraphs = [
        paragraph.format(n=n, k=100 * n + 7, note=NOTE_AT if n in NOTED else "") for n in range(1, PARAGRAPHS + 1)
    ]
    return paragraphs, [note.format(n=n, k=7 * n) for n in NOTED]


def measure(path: Path, paragraphs: list[str], notes: list[str]) -> dict[str, float]:
    from search.plan import plan_statements

    texts = [plain(s.text) for s in plan_statements(path, use_ocr=False)]
    whole = [plain(p.replace(NOTE_AT, "")) for p in paragraphs]
    wanted = [plain(n) for n in notes]
    glued = sum(any(n in t and t != n for t in texts) for n in wanted)
    return {
        "paragraphs whole": sum(p in texts for p in whole) / len(whole),
        "notes as notes": sum(n in texts for n in wanted) / len(wanted),
        "notes glued": glued,
        "other statements": sum(t not in whole and t not in wanted for t in texts),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default=",".join(TEXTS))
    parser.add_argument("--formats", default="pdf,pdf2,docx", help="pdf2: a PDF of two columns")
    args = parser.parse_args()
    print(f"commit {git_commit()}: {PARAGRAPHS} numbered paragraphs, {len(NOTED)} notes per plan\n")
    print("| lang | format | paragraphs whole | notes as notes | notes glued | other statements |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for lang in args.langs.split(","):
            paragraphs, notes = plan(lang)
            for to in args.formats.split(","):
                columns = 2 if to == "pdf2" else 1
                path = footnoted(Path(folder), f"plan_{lang}", lang, paragraphs, notes, to.rstrip("2"), columns)
                m = measure(path, paragraphs, notes)
                print(
                    f"| {lang} | {to} | {m['paragraphs whole']:.2f} | {m['notes as notes']:.2f} | "
                    f"{m['notes glued']} | {m['other statements']} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
