"""`policy-align demo --text`: builds the model and shows cross-lingual matching in the
terminal: Chinese statements, questions in six other languages."""

from __future__ import annotations

import time

# Chinese statements (the language of the Cairo seed text), questions in other languages.
STATEMENTS = (
    "城市应为低收入家庭提供负担得起的适足住房。",
    "市政府需要稳定的财政收入来执行地方发展计划。",
    "非正规住区的居民必须参与影响他们的规划决策。",
    "城市更新项目应保护文化遗产和地方传统。",
    "城市将按社区收集开放数据，以监测发展目标的进展。",
    "市政府将与大学和民间社会建立合作联盟。",
)
QUESTIONS = (
    ("en", "affordable homes for poor families"),
    ("ar", "التمويل المستقر للبلديات"),
    ("fr", "les habitants des bidonvilles participent aux décisions d'urbanisme"),
    ("es", "protección del patrimonio cultural"),
    ("ru", "данные на уровне районов для мониторинга"),
    ("pt", "parcerias com universidades e sociedade civil"),
)


def run_demo(args) -> int:
    from indexer.model import Embedder

    start = time.perf_counter()
    embedder = Embedder(args.model, backend=args.backend)
    info = embedder.info()
    print(f"model {info.name} ({info.backend}, {info.dimension} dims) ready in {time.perf_counter() - start:.1f}s")
    # Short statement against short question is a symmetric task: e5 wants "query: " on both sides.
    passages = embedder.encode(list(STATEMENTS), kind="query")
    queries = embedder.encode([q for _, q in QUESTIONS], kind="query")
    scores = queries @ passages.T
    for (qlang, question), row in zip(QUESTIONS, scores):
        best = int(row.argmax())
        print(f"\n[{qlang}] {question}\n  -> [zh] {STATEMENTS[best]}  (cosine {row[best]:.3f})")
    return 0
