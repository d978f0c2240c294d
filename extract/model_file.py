"""Reading a trained model's JSON (extract/model/*.json): one place for the three extractors that score with one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_model(path: Path) -> dict[str, Any] | None:
    """The model as trained (features, weights, intercept, metadata), or None before the first training."""
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        model: dict[str, Any] = json.load(fh)
    return model
