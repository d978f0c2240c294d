"""Copy the 31 provincial work reports of 2026 from ../shared/corpus into data/raw/, with sidecars from manifest.csv.

Run once when the shared corpus changes: `python tools/import_work_reports.py`. Raw files are copied byte for byte
(the sha256 in the manifest is checked); the sidecar records what the manifest says, plus the period the report
reviews (the 十四五 period, 2021–2025) and the year it plans (2026).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "corpus" / "work-reports-2026"
RAW = ROOT / "data" / "raw"
ISSUER_SUFFIX = "人民政府"


def english_names() -> dict[str, str]:
    with open(ROOT / "data" / "reference" / "provinces.csv", encoding="utf-8") as fh:
        return {r["province"]: r["name_en"] for r in csv.DictReader(fh)}


def main() -> int:
    names_en = english_names()
    with open(SOURCE / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        src = SOURCE / r["file"]
        data = src.read_bytes()
        if hashlib.sha256(data).hexdigest() != r["sha256"]:
            print(f"{src}: sha256 differs from manifest.csv", file=sys.stderr)
            return 1
        shutil.copyfile(src, RAW / r["file"])
        how = "人民数据 work-report database" if r["source_type"] == "existing_output" else "the provincial portal"
        meta = {
            "title": r["title"],
            "title_en": f"{names_en[r['province']]} Government Work Report 2026",
            "issuer": r["province_full"] + ISSUER_SUFFIX,
            "date": r["publish_date"],
            "url": r["source_url"],
            "scope": r["province"],
            "doc_type": r["doc_type"],
            "period_start": 2026,
            "period_end": 2026,
            "review_start": 2021,
            "review_end": 2025,
            "language": "zh",
            "sha256": r["sha256"],
            "note": (
                f"Delivered to the provincial people's congress in early 2026; collected by the public project "
                f"johncodes404/china-provincial-gov-reports-2026 from {how} ({r['source_type'].replace('_', ' ')})."
            ),
        }
        sidecar = RAW / (Path(r["file"]).stem + ".meta.yaml")
        header = "# Sidecar written by tools/import_work_reports.py from the shared corpus's manifest.csv.\n"
        sidecar.write_text(header + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"copied {len(rows)} work reports into {RAW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
