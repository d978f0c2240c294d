"""Shared fixtures: a real database build for the whole session, and throw-away raw folders with extra documents.

- ``built_db`` (session): builds data/raw into a temporary folder once and points PLAN_ATLAS_DB at it for the
  session, so page tests read a real build without touching data/build/. Request it (or ``dashboard``) in any test
  that runs the app.
- ``make_raw_dir``: writes a raw folder (by default a copy of the real corpus, which the build's checks need: every
  province must have a section) plus extra documents with their sidecars; returns the folder.
- ``db_from_raw``: builds such a folder into a temporary database and points PLAN_ATLAS_DB at it for one test.
- ``downloads``: returns a function giving (bytes, file name) of an AppTest ``download_button``.
- ``dashboard``: an AppTest of dashboard.py on ``built_db``, not yet run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from extract.build import build
from tests.paths import RAW, ROOT

DASHBOARD = str(ROOT / "dashboard.py")

# A document: its text, and the sidecar fields (title and scope required; see extract/sources.py KNOWN_FIELDS).
RawDoc = tuple[str, Mapping[str, Any]]


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real corpus built once into a temp folder; PLAN_ATLAS_DB points at it for the whole session."""
    path = build(out_dir=tmp_path_factory.mktemp("built_db"), progress=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLAN_ATLAS_DB", str(path))
        yield path


def write_raw_dir(folder: Path, docs: Mapping[str, RawDoc], include_corpus: bool = True) -> Path:
    """Create ``folder`` with the real corpus (optional) and ``docs`` (doc_id → (text, sidecar)); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    if include_corpus:
        for src in RAW.iterdir():
            if src.is_file():
                shutil.copy2(src, folder / src.name)
    for doc_id, (text, meta) in docs.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        sidecar = {"doc_type": "plan", "language": "zh", **meta}
        (folder / f"{doc_id}.meta.yaml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def make_raw_dir(tmp_path: Path) -> Callable[..., Path]:
    """``make_raw_dir({"900_test": (text, {"title": "…", "scope": "宁夏"})}, include_corpus=True) -> Path``."""
    counter = iter(range(1_000_000))

    def make(docs: Mapping[str, RawDoc] | None = None, include_corpus: bool = True) -> Path:
        return write_raw_dir(tmp_path / f"raw{next(counter)}", docs or {}, include_corpus)

    return make


@pytest.fixture
def db_from_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """``db_from_raw(raw_dir) -> db path``: builds the folder and points PLAN_ATLAS_DB at the result (this test)."""

    def make(raw_dir: Path) -> Path:
        path = build(raw_dir=raw_dir, out_dir=tmp_path / f"db_{raw_dir.name}", progress=False)
        monkeypatch.setenv("PLAN_ATLAS_DB", str(path))
        return path

    return make


class _RecordingStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media store, remembered so tests can read what a download button would serve."""

    instances: list[MemoryMediaFileStorage] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _RecordingStorage.instances.append(self)


class _RecordingManager(MediaFileManager):
    """AppTest's media manager, remembered so a deferred download (data=callable) can be clicked after the run."""

    instances: list[MediaFileManager] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _RecordingManager.instances.append(self)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any], tuple[bytes, str]]:
    """Request before running the AppTest; then ``downloads(at.get("download_button")[0]) -> (data, file_name)``.

    A deferred button (data given as a callable) is "clicked": its callable runs as the server runs it on a click,
    and the generated file is read back from the store.
    """
    _RecordingStorage.instances = []
    _RecordingManager.instances = []
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _RecordingStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", _RecordingManager)

    def read(button: Any) -> tuple[bytes, str]:
        url = button.proto.url
        if button.proto.deferred_file_id:
            errors = []
            for manager in reversed(_RecordingManager.instances):
                try:
                    url = manager.execute_deferred(button.proto.deferred_file_id)
                    break
                except MediaFileStorageError as e:  # not this run's manager, or the callable failed
                    errors.append(f"{e} (cause: {e.__cause__!r})")
            else:
                raise AssertionError(f"deferred download {button.proto.deferred_file_id} not generated: {errors}")
        file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
        for storage in reversed(_RecordingStorage.instances):
            try:
                f = storage.get_file(file_id)
            except MediaFileStorageError:  # not in this run's store; try the previous one
                continue
            return f.content, f.filename or ""
        raise AssertionError(f"download {url} not found in the AppTest media store")

    return read


@pytest.fixture
def dashboard(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """dashboard.py as an AppTest on the session build; set query params / switch_page, then .run()."""
    monkeypatch.setenv("PLAN_ATLAS_DB", str(built_db))  # robust even if another fixture changed it this test
    return AppTest.from_file(DASHBOARD, default_timeout=60)
