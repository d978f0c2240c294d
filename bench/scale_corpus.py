"""A synthetic corpus at the scale analysts will reach (31 provinces × 30 plans ≈ 50 MB), to see how costs grow.

The real documents are included as they are; every added document is recombined from their real sentences, so the
extractors meet the vocabulary, punctuation and density of real plans, not lorem ipsum. Deterministic for a given
seed; written under data/build/ (never committed) and reused when a manifest says it was made with the same
parameters.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from extract.paths import BUILD, RAW
from extract.reading import read_document
from extract.regions import plan_provinces
from extract.sources import DOCUMENT_SUFFIXES

_SENTENCE_END = re.compile(r"(?<=[。！？；])|\n+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ScaleSpec:
    docs_per_province: int = 30
    target_mb: float = 50.0
    seed: int = 14

    @property
    def target_bytes(self) -> int:
        return int(self.target_mb * 2**20)


def default_dir() -> Path:
    return BUILD / "scale"


def corpus_sentences(raw_dir: Path = RAW) -> list[str]:
    """Real sentences (with their closing punctuation) from every document in raw_dir, in a stable order."""
    out: list[str] = []
    for path in sorted(p for p in raw_dir.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES):
        text = read_document(path).text
        for piece in _SENTENCE_END.split(text):
            piece = piece.strip()
            if len(piece) >= 8 and len(_CJK.findall(piece)) >= 6:
                out.append(piece)
    if not out:
        raise ValueError(f"{raw_dir}: no sentences to recombine")
    return out


def generate(out_dir: Path | None = None, spec: ScaleSpec | None = None, raw_dir: Path = RAW) -> Path:
    """Write <out_dir>/raw/ (documents + sidecars) and return that folder; reuse it if already generated alike."""
    spec = spec or ScaleSpec()
    out_dir = out_dir or default_dir()
    raw_out = out_dir / "raw"
    manifest = out_dir / MANIFEST
    sentences = corpus_sentences(raw_dir)
    wanted = {**asdict(spec), "n_sentences": len(sentences)}
    if manifest.exists() and raw_out.is_dir():
        done = json.loads(manifest.read_text(encoding="utf-8"))
        if all(done.get(k) == v for k, v in wanted.items()):
            return raw_out
    if raw_out.exists():
        shutil.rmtree(raw_out)
    raw_out.mkdir(parents=True)
    for real in sorted(raw_dir.iterdir()):  # the real corpus too: curated corrections refer to its documents
        if real.is_file():
            shutil.copyfile(real, raw_out / real.name)
    rng = random.Random(spec.seed)
    provinces = plan_provinces()
    per_doc = spec.target_bytes // (len(provinces) * spec.docs_per_province)
    total = 0
    for p in provinces:
        for n in range(1, spec.docs_per_province + 1):
            stem = f"scale_{p.sort_order:02d}_{n:03d}"
            text = _document(rng, sentences, f"{p.name_full}数字化转型专项规划（合成样本第{n}号）", per_doc)
            data = text.encode("utf-8")
            (raw_out / f"{stem}.txt").write_bytes(data)
            total += len(data)
            meta = {
                "title": f"{p.name_full}数字化转型专项规划（合成样本第{n}号）",
                "title_en": f"{p.name_en}: synthetic plan no. {n} (benchmark corpus)",
                "scope": p.province,
                "doc_type": "plan",
                "note": "Synthetic: real sentences of data/raw recombined at random for the scale benchmark.",
            }
            (raw_out / f"{stem}.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    manifest.write_text(json.dumps({**wanted, "bytes": total}, ensure_ascii=False, indent=2), encoding="utf-8")
    return raw_out


def _document(rng: random.Random, sentences: list[str], title: str, size: int) -> str:
    """A title line, then paragraphs of 3–8 random real sentences until the document reaches `size` bytes."""
    parts = [title, "\n\n"]
    used = len(title.encode("utf-8")) + 2
    while used < size:
        paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(3, 8))) + "\n\n"
        parts.append(paragraph)
        used += len(paragraph.encode("utf-8"))
    return "".join(parts)


def corpus_bytes(raw_dir: Path) -> int:
    return sum(p.stat().st_size for p in raw_dir.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
