"""Shared fixtures: database builds (the real corpus once per session, the tiny fixture corpus in well under a
second), and throw-away raw folders with extra documents. No fixture changes the environment beyond one test.

- ``built_db`` (session): the real corpus (data/raw) built once into a temporary folder; returns its path.
- ``fixture_db`` (session): tests/fixtures/corpus (three short excerpts: a two-province digest, a work report of
  宁夏, a national plan; 28 provinces without any document) built once; returns its path.
- ``use_db``: ``use_db(path)`` points PLAN_ATLAS_DB at a database for this test only.
- ``make_raw_dir``: writes a raw folder (by default a copy of the fixture corpus) plus extra documents with their
  sidecars; returns the folder.
- ``db_from_raw``: builds such a folder into a temporary database and points PLAN_ATLAS_DB at it for one test.
- ``downloads``: returns a function giving (bytes, file name) of an AppTest ``download_button``.
- ``dashboard``: an AppTest of dashboard.py on ``built_db``, not yet run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from database.build import build
from tests.paths import FIXTURE_CORPUS, ROOT

DASHBOARD = str(ROOT / "dashboard.py")

# A document: its text, and the sidecar fields (title and scope required; see extract/sources.py KNOWN_FIELDS).
RawDoc = tuple[str, Mapping[str, Any]]


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built once into a temp folder (PLAN_ATLAS_DB is set per test, by ``use_db``/``dashboard``)."""
    return build(out_dir=tmp_path_factory.mktemp("built_db"), progress=False)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fixture corpus built once (no accuracy scoring: that needs the real documents)."""
    return build(raw_dir=FIXTURE_CORPUS, out_dir=tmp_path_factory.mktemp("fixture_db"), progress=False,
                 with_accuracy=False)  # fmt: skip


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    def point(path: Path) -> Path:
        monkeypatch.setenv("PLAN_ATLAS_DB", str(path))
        return path

    return point


def write_raw_dir(folder: Path, docs: Mapping[str, RawDoc], include_corpus: bool = True) -> Path:
    """Create ``folder`` with the fixture corpus (optional) and ``docs`` (doc_id → (text, sidecar)); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    if include_corpus:
        for src in FIXTURE_CORPUS.iterdir():
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
        path = build(raw_dir=raw_dir, out_dir=tmp_path / f"db_{raw_dir.name}", progress=False, with_accuracy=False)
        monkeypatch.setenv("PLAN_ATLAS_DB", str(path))
        return path

    return make


class _ServerLikePagesManager(PagesManager):
    """AppTest resets Streamlit's process-wide "pages/ folder layout" flag before every run; a real server keeps
    it off once dashboard.py has called st.navigation. Giving AppTest its own subclass leaves the real flag alone,
    so AppTest runs pages the way a server does after its first session (a bare first visit is the browser test's
    job: test_deep_links_open_framed_on_a_fresh_server). The real flag starts as None in a new process, so the first
    AppTest of a pytest process would otherwise run its first script run in the folder layout (and lose a widget
    value set after it): the fixture puts it where st.navigation leaves it on a server, whatever the test order."""


@pytest.fixture(autouse=True)
def _apptest_runs_like_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_test_module, "PagesManager", _ServerLikePagesManager)
    PagesManager.uses_pages_directory = False  # what dashboard.py's st.navigation call leaves on a running server


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
