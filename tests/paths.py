"""Paths the tests use: the real corpus as copied into data/raw/, and the tiny fixture corpus."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
DIGEST = RAW / "002_03734c23c7c98f48.txt"
NATIONAL = RAW / "003_a031d1bd700990c2.txt"
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
