"""Every directory the project reads or writes, in one dependency-free place."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
REFERENCE = DATA / "reference"
CURATED = DATA / "curated"
BUILD = Path(os.environ.get("PLAN_ATLAS_BUILD_DIR", DATA / "build"))
RULES = Path(__file__).resolve().parent / "rules"
DB_NAME = "plan_atlas"


def db_path(name: str = DB_NAME) -> Path:
    """Where the served database lives (override with PLAN_ATLAS_DB)."""
    env = os.environ.get("PLAN_ATLAS_DB")
    return Path(env) if env else BUILD / f"{name}.duckdb"
