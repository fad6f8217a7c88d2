"""Language detection (indexer/language.py): langdetect, with its inner loops vectorised."""

from __future__ import annotations

import pytest

from indexer import language

TEXTS = [
    "The council will build ten thousand affordable homes for low-income families by 2030.",
    "Le conseil municipal construira dix mille logements abordables d'ici 2030 pour les familles.",
    "El ayuntamiento construirá diez mil viviendas asequibles para familias de bajos ingresos.",
    "Городской совет построит десять тысяч доступных квартир для семей с низким доходом.",
    "سيبني المجلس البلدي عشرة آلاف وحدة سكنية ميسورة التكلفة للأسر ذات الدخل المحدود.",
    "شورای شهر تا سال ۱۴۰۹ ده هزار واحد مسکونی ارزان برای خانواده‌های کم‌درآمد می‌سازد.",
    "A câmara municipal vai construir dez mil habitações acessíveis até 2030.",
    "Il consiglio comunale costruirà diecimila alloggi a prezzi accessibili entro il 2030.",
    "Der Stadtrat wird bis 2030 zehntausend bezahlbare Wohnungen für Familien bauen.",
    "नगर परिषद 2030 तक कम आय वाले परिवारों के लिए दस हज़ार सस्ते घर बनाएगी।",
]


def test_the_vectorised_detector_answers_as_langdetect_does():
    from langdetect.detector import Detector

    got = [language.detect(text) for text in TEXTS]
    assert got == ["en", "fr", "es", "ru", "ar", "fa", "pt", "it", "de", "hi"]
    vectorised = language._detector_class
    try:
        language._detector_class = Detector  # langdetect's own loops
        assert [language.detect(text) for text in TEXTS] == got
    finally:
        language._detector_class = vectorised


@pytest.mark.parametrize("text, want", [("", ""), ("12 345", ""), ("ok", ""), ("第七条", "zh"), ("제7조", "ko")])
def test_short_or_letterless_texts_and_scripts_that_name_their_language(text, want):
    assert language.detect(text) == want
