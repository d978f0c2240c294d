"""Shared office server: 20 simultaneous dashboard sessions, then a rebuild while the app serves.

A live `streamlit run dashboard.py` on localhost against a tmp-built database; Debian's Chromium through Playwright
(never `playwright install`). Bounded in count (20 contexts, at most 10 loading at once) and in time (every wait has
a timeout; the whole test is capped at 300 s).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from atlas.i18n import t
from bench.bench import CHROMIUM, CHROMIUM_ARGS, TreeMemory, serve
from database.build import build
from extract.paths import RAW

SESSIONS = 20
LOADING_AT_ONCE = 10
RSS_LIMIT = int(1.5 * 2**30)
TOTAL_TIMEOUT_S = 300  # a bound against hanging, not a speed goal (the benchmark measures speed)
STEP_TIMEOUT_MS = 60_000
TABLE = '[data-testid="stDataFrame"]'
EXCEPTION = '[data-testid="stException"]'
EXTRA_DOC = (
    "浙江省数字经济发展“十四五”规划（并发测试新增文档）\n"
    "加快建设国家数字经济创新发展试验区，推进产业数字化和数字产业化，发展云计算、大数据和人工智能。\n"
)


@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI: apt-get install -y chromium fonts-noto-cjk")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium fonts-noto-cjk)")
    return CHROMIUM


def _copy_raw(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in RAW.iterdir():
        if p.is_file():
            shutil.copyfile(p, dest / p.name)
    return dest


def _documents_in(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


class FileWatch:
    """Opens the served file read-only in a loop during the rebuild: it must always open, with the old or new count."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: set[int] = set()
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.counts.add(_documents_in(self.path))
            except Exception as exc:  # noqa: BLE001 - any failure to read the served file is the finding
                self.errors.append(repr(exc))
            time.sleep(0.01)

    def __enter__(self) -> FileWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


async def _open_overview(browser, url: str, gate: asyncio.Semaphore):
    """A new session (its own browser context) on the overview page, waited until its table is drawn."""
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    async with gate:
        await page.goto(url, timeout=STEP_TIMEOUT_MS)
        await _drawn(page)
    return context, page


async def _drawn(page) -> None:
    """Until the overview table, or an exception box, is on the page (an error fails fast, with its text)."""
    await page.locator(f"{TABLE}, {EXCEPTION}").first.wait_for(timeout=STEP_TIMEOUT_MS)


async def _documents_metric(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(t("n_documents", "zh"), exact=True))
    return (await metric.locator('[data-testid="stMetricValue"]').inner_text(timeout=STEP_TIMEOUT_MS)).strip()


async def _exceptions(page) -> list[str]:
    boxes = page.locator(EXCEPTION)
    return [(await boxes.nth(i).inner_text())[:500] for i in range(await boxes.count())]


async def _scenario(url: str, db: Path, new_raw: Path, out_dir: Path, memory: TreeMemory) -> dict:
    from playwright.async_api import async_playwright

    result: dict = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            gate = asyncio.Semaphore(LOADING_AT_ONCE)
            t0 = time.perf_counter()
            sessions = await asyncio.gather(*(_open_overview(browser, url, gate) for _ in range(SESSIONS)))
            result["load_s"] = time.perf_counter() - t0
            pages = [page for _, page in sessions]
            result["exceptions"] = [e for p in pages for e in await _exceptions(p)]
            assert not result["exceptions"], f"sessions showed exceptions: {result['exceptions'][:2]}"
            result["old_counts"] = {await _documents_metric(p) for p in pages}
            result["rss_after_sessions"] = memory.current()

            # Rebuild while the sessions stay connected and a few of them rerun during the build.
            with FileWatch(db) as watch:
                rebuild = asyncio.create_task(
                    asyncio.to_thread(build, name=db.stem, raw_dir=new_raw, out_dir=out_dir, progress=False)
                )
                reruns = 0
                while not rebuild.done():
                    page = pages[reruns % len(pages)]
                    await page.reload(timeout=STEP_TIMEOUT_MS)
                    await _drawn(page)
                    result["exceptions"] += await _exceptions(page)
                    reruns += 1
                await rebuild
            result["watch_counts"], result["watch_errors"] = watch.counts, watch.errors
            result["reruns_during_build"] = reruns

            context, fresh = await _open_overview(browser, url, gate)
            result["new_count"] = await _documents_metric(fresh)
            result["exceptions"] += await _exceptions(fresh)
            await context.close()
            for context, _ in sessions:
                await context.close()
        finally:
            await browser.close()
    return result


def test_a_new_connection_sees_the_swapped_file(tmp_path: Path) -> None:
    """The read side's connection after a swap must open the new file, even while a connection to the old one is open.

    (duckdb.connect(path) reuses a database instance already open on that path in the process, i.e. the replaced
    file: the app would serve the old build until restarted.)
    """
    from atlas import db as atlas_db

    old_db = build(name="plan_atlas", raw_dir=_copy_raw(tmp_path / "raw"), out_dir=tmp_path / "out", progress=False)
    old_con = atlas_db.connect(old_db)
    try:
        before = atlas_db.fetch(old_con, "SELECT count(*) AS n FROM documents")["n"].iloc[0]
        new_raw = _copy_raw(tmp_path / "raw2")
        (new_raw / "990_concurrency.txt").write_text(EXTRA_DOC, encoding="utf-8")
        (new_raw / "990_concurrency.meta.yaml").write_text(
            "title: 并发测试新增文档\nscope: 浙江\ndoc_type: plan\n", encoding="utf-8"
        )
        build(name="plan_atlas", raw_dir=new_raw, out_dir=tmp_path / "out", progress=False)
        new_con = atlas_db.connect(old_db)
        try:
            after = atlas_db.fetch(new_con, "SELECT count(*) AS n FROM documents")["n"].iloc[0]
        finally:
            new_con.close()
        assert after == before + 1, "a connection opened after the swap still reads the replaced file"
        assert atlas_db.fetch(old_con, "SELECT count(*) AS n FROM documents")["n"].iloc[0] == before
    finally:
        old_con.close()


@pytest.mark.browser
@pytest.mark.slow
def test_twenty_sessions_and_a_rebuild_while_serving(chromium: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    out_dir = tmp_path / "out"
    db = build(name="plan_atlas", raw_dir=_copy_raw(tmp_path / "raw"), out_dir=out_dir, progress=False)
    old_docs = _documents_in(db)
    new_raw = _copy_raw(tmp_path / "raw2")
    (new_raw / "990_concurrency.txt").write_text(EXTRA_DOC, encoding="utf-8")
    (new_raw / "990_concurrency.meta.yaml").write_text(
        "title: 并发测试新增文档\nscope: 浙江\ndoc_type: plan\n", encoding="utf-8"
    )

    with serve(db, timeout=60) as (url, proc, _), TreeMemory(proc.pid, interval=0.2) as memory:
        result = asyncio.run(asyncio.wait_for(_scenario(url, db, new_raw, out_dir, memory), TOTAL_TIMEOUT_S))
        assert proc.poll() is None, "the server died under load"
    peak = memory.peak

    assert result["exceptions"] == [], "a session showed an exception"
    assert result["old_counts"] == {str(old_docs)}, result["old_counts"]
    assert peak < RSS_LIMIT, f"server memory peaked at {peak / 2**20:.0f} MB with {SESSIONS} sessions"
    assert result["watch_errors"] == [], f"the served file was unreadable during the rebuild: {result['watch_errors']}"
    assert result["watch_counts"] <= {old_docs, old_docs + 1}
    assert result["new_count"] == str(old_docs + 1), "a fresh session did not pick up the rebuilt database"
    assert _documents_in(db) == old_docs + 1
    assert not [p for p in out_dir.iterdir() if ".building-" in p.name]
    assert time.perf_counter() - started < TOTAL_TIMEOUT_S + 60
