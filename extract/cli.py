"""Command line: `python -m extract {extract,add,build,evaluate,train,bench}` (contract: shared/spec/extract-cli.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from extract.reading import DocumentError, read_document
from extract.records import Unit
from extract.regions import UnknownProvince
from extract.sources import SEVERAL, SourceError, read_sidecar, sidecar_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract", description="Plan Atlas extractor")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract one document and print what was found")
    ex.add_argument("path", help="a text file: UTF-8 (BOM or not), UTF-16, GB18030/GBK, or HTML-laden scraped text")
    ex.add_argument("--province", help="the province the whole document speaks for (广西, 广西壮族自治区, Guangxi, 桂)")
    ex.add_argument("--city", help="the city, when the document is a city plan")
    ex.add_argument("--format", choices=("json", "table"), default=None, help="json (default when piped) or table")

    ad = sub.add_parser("add", help="copy a document into data/raw with a checked sidecar, then rebuild")
    ad.add_argument("path", help="the document: .txt, .html/.htm, .docx or .pdf")
    ad.add_argument("--scope", required=True, help="the province it speaks for (广西 / Guangxi), 全国, or several")
    ad.add_argument("--city", help="the city, for a city plan")
    ad.add_argument("--title", help="its title (default: its first line)")
    ad.add_argument("--title-en", dest="title_en", help="its title in English")
    ad.add_argument("--doc-type", dest="doc_type", default="plan", help="digest, plan, action_plan, measures, "
                    "work_report, national_plan or news (default: plan)")  # fmt: skip
    ad.add_argument("--date", help="its date: YYYY, YYYY-MM or YYYY-MM-DD")
    ad.add_argument("--url", help="where it was published (http/https)")
    ad.add_argument("--issuer", help="who issued it")
    ad.add_argument("--raw", default=None, help="folder of raw documents (default: data/raw)")
    ad.add_argument("--no-build", action="store_true", help="only add; do not rebuild the database")

    bd = sub.add_parser("build", help="build data/build/<name>.duckdb from data/raw and data/curated")
    bd.add_argument("--name", default=None, help="database name (default: plan_atlas)")
    bd.add_argument("--raw", default=None, help="folder of raw documents (default: data/raw)")
    bd.add_argument("--quiet", action="store_true", help="no progress output")

    ev = sub.add_parser("evaluate", help="precision / recall / F1 per field on tests/golden/")
    ev.add_argument("--golden", default=None, help="folder of golden files (default: tests/golden)")
    ev.add_argument("--details", action="store_true", help="list every false positive and false negative")

    tr = sub.add_parser(
        "train",
        help="fit the platforms and industries keep / reject models and the target / achieved / other model "
        "on the dev golden documents",
    )
    tr.add_argument("--out", default=None, help="where to write the model (default: extract/model/numbers.json)")
    tr.add_argument("--cv", action="store_true", help="also score each dev document by models trained without it")

    bn = sub.add_parser("bench", help="benchmarks: extraction, build, queries, pages, scale")
    bn.add_argument("--quick", action="store_true", help="skip the scale corpus and the browser timing")
    bn.add_argument("--out", default=None, help="where to write the results table (Markdown)")

    args = parser.parse_args(argv)
    if args.command == "extract":
        return _cmd_extract(args)
    if args.command == "add":
        return _cmd_add(args)
    if args.command == "build":
        from database.build import BuildError, build

        try:
            build(name=args.name, raw_dir=args.raw, progress=not args.quiet)
        except BuildError as exc:
            print(f"build failed: {exc}", file=sys.stderr)
            print("the previous database (if any) is unchanged", file=sys.stderr)
            return 1
        return 0
    if args.command == "evaluate":
        from evaluation.evaluate import main as evaluate_main

        return evaluate_main(golden_dir=args.golden, details=args.details)
    if args.command == "train":
        from evaluation.train import main as train_main
        from evaluation.train_industries import main as train_industries_main
        from evaluation.train_platforms import main as train_platforms_main

        # platforms first: the numbers' candidates leave out numbers inside the platforms found
        return (
            train_platforms_main(cv=args.cv)
            or train_main(out=args.out, cv=args.cv)
            or train_industries_main(cv=args.cv)
        )
    if args.command == "bench":
        from bench.bench import main as bench_main

        return bench_main(quick=args.quick, out=args.out)
    return 2


def _cmd_extract(args: argparse.Namespace) -> int:
    from extract.pipeline import extract_units

    try:
        doc = read_document(args.path)
        meta = _sidecar_meta(Path(args.path))
        province = args.province or (None if meta.get("scope") in (None, SEVERAL) else meta["scope"])
        city = args.city or meta.get("city")
        units = extract_units(doc.text, province=province, city=city, meta=meta)
    except (DocumentError, UnknownProvince, SourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if not units:
        print(
            f"note: {args.path}: no province sections found; pass --province NAME if the document speaks for one",
            file=sys.stderr,
        )
    if fmt == "json":
        payload = {
            "document": {"path": args.path, "sha256": doc.sha256, "chars": doc.chars, "encoding": doc.encoding},
            "units": [u.to_json() for u in units],
        }
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        print(_table(args.path, doc.chars, doc.encoding, units))
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from extract.add import add_document
    from extract.paths import RAW

    fields = {k: getattr(args, k) for k in ("scope", "city", "title", "title_en", "doc_type", "date", "url", "issuer")}
    raw = Path(args.raw) if args.raw else RAW
    try:
        target = add_document(Path(args.path), fields, raw)
    except (DocumentError, SourceError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was added", file=sys.stderr)
        return 1
    print(f"added {target} (sidecar {target.stem}.meta.yaml)", file=sys.stderr)
    if args.no_build:
        return 0
    from database.build import BuildError, build

    try:
        build(raw_dir=raw if args.raw else None, progress=True)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print("the document was added; the previous database (if any) is unchanged", file=sys.stderr)
        return 1
    return 0


def _sidecar_meta(path: Path) -> dict:
    """The sidecar beside the file (NAME.meta.yaml), validated; its scope, city and doc_type apply unless overridden."""
    sidecar = sidecar_path(path)
    try:
        exists = sidecar.exists()
    except OSError as exc:  # a folder that cannot be searched
        raise SourceError(f"{sidecar}: cannot check for the sidecar ({exc.strerror or exc})") from None
    return read_sidecar(sidecar) if exists else {}


def _table(path: str, chars: int, encoding: str, units: list[Unit]) -> str:
    lines = [f"{path}  ({chars} chars, {encoding}, {len(units)} units)", ""]
    for u in units:
        where = f"{u.province}{' / ' + u.city if u.city else ''}"
        lines.append(f"== {where}  [{u.start}:{u.end}]")
        themes = ", ".join(f"{t.theme_id}({t.hits})" for t in u.themes) or "-"
        lines.append(f"   themes:     {themes}")
        lines.append(f"   industries: {'、'.join(dict.fromkeys(i.name for i in u.focus_industries)) or '-'}")
        lines.append(f"   platforms:  {'、'.join(dict.fromkeys(f'{p.name}<{p.kind}>' for p in u.platforms)) or '-'}")
        for label, items in (("target:  ", u.targets), ("achieved:", u.achieved)):
            for t in items:
                rng = _number(t.value) + (f"–{_number(t.value_max)}" if t.value_max is not None else "")
                why = t.rule + ("" if t.score is None else f" {t.score:.2f}")
                lines.append(f"   {label}  {t.indicator} {t.comparator} {rng} {t.unit or ''} ({t.year})  [{why}]")
    return "\n".join(lines)


def _number(value: float | None) -> str:
    """5.0 → '5', 13.5 → '13.5', None → '?' (the JSON output writes whole numbers as integers too)."""
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)
