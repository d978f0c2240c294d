"""The dashboard in a real browser (Debian's Chromium via Playwright), fully offline.

Why: AppTest cannot run the ECharts component, so only a browser shows that the map really draws, that a click on
a province opens its profile, that a copied URL restores the view, and that the page asks no host but 127.0.0.1
for anything (no CDN, web font or tile). Screenshots go to tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PAGES = ("/", "/map", "/compare", "/delivery", "/province", "/themes", "/search", "/about")
# Each page as an analyst opens it for the layout walk: with a selection, so its tables are on screen.
LAYOUT_PAGES = {
    "overview": "/",
    "map": "/map",
    "compare": "/compare?p=北京&p=上海&p=江苏",
    "delivery": "/delivery?indicator=de_value&unverified=1&province=福建",
    "province": "/province?province=浙江",
    "themes": "/themes",
    "search": "/search?q=数据交易所",
    "about": "/about",
}
WIDTHS = (1400, 1920)
# The README's pictures (docs/screenshots/) are the 1400 px shots of this walk, copied by `make screenshots`.
CANVAS = ".echarts-container canvas"
VIEWPORT = {"width": 1400, "height": 1000}
# A point inside 新疆 on the map canvas for VIEWPORT (checked on the screenshots: the far-west province is big
# enough that small layout shifts keep the point inside it). The click test asserts the province page opened for
# exactly this province, so a layout change that moves it shows up as a clear failure.
CLICK_PROVINCE = "新疆"
CLICK_AT = (0.26, 0.36)  # fraction of the canvas width / height

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("PLAN_ATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_browser()
    from database.build import build

    return build(out_dir=tmp_path_factory.mktemp("browser_db"), progress=False)


@contextmanager
def _serve(db: Path, log_dir: Path) -> Iterator[str]:
    """A real `streamlit run dashboard.py` (a new process) on a free localhost port against ``db``."""
    port = _free_port()
    env = dict(os.environ, PLAN_ATLAS_DB=str(db))
    log = log_dir / f"streamlit-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _serve(database, tmp_path_factory.mktemp("browser_log")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
            timeout=30_000,
        )
        try:
            yield b
        finally:
            b.close()


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


def _wait_idle(page: object, timeout_ms: int = 20_000) -> None:
    """Wait until Streamlit has rendered the page and finished running the script."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stHeading"], [data-testid="stException"]', timeout=timeout_ms)
    # The status widget shows "Running…" while the script runs; wait for it to go away.
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              || !document.querySelector('[data-testid="stStatusWidget"]').innerText.includes('Running')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(500)


def _assert_app_frame(page: object, where: str) -> None:
    """The page ran inside dashboard.py (navigation titles, language toggle, footer), not as a bare script."""
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "地图" in nav and "数据与方法" in nav, f"{where}: sidebar is not the app's navigation: {nav!r}"
    try:
        page.get_by_text("语言 / Language").first.wait_for(timeout=20_000)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(f"{where}: no language toggle") from exc
    assert page.get_by_text("语言 / Language").count() == 1, f"{where}: the language toggle twice"
    try:  # the footer is the last element of a run: wait for it rather than assume the run has finished
        page.get_by_text("数据库构建于", exact=False).first.wait_for(timeout=20_000)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(f"{where}: no footer") from exc


def _query(url: str) -> dict[str, list[str]]:
    return {k: [unquote(x) for x in v] for k, v in parse_qs(urlparse(url).query).items()}


def test_every_page_loads_map_draws_click_opens_province_offline(server: str, browser: object) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(20_000)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(server + path, wait_until="domcontentloaded")
            _wait_idle(page)
            if path in ("/map", "/themes", "/delivery"):
                page.locator(CANVAS).first.wait_for(state="visible")
                page.wait_for_timeout(800)  # let ECharts paint
            name = path.strip("/") or "overview"
            page.screenshot(path=str(ARTIFACTS / f"page_{name}.png"), full_page=True)
            errors = page.locator('[data-testid="stException"]')
            assert errors.count() == 0, f"{path}: {errors.first.inner_text()[:2000]}"
            _assert_app_frame(page, path)

        # The map: click a province on the canvas, land on its profile.
        page.goto(server + "/map", wait_until="domcontentloaded")
        _wait_idle(page)
        canvas = page.locator(CANVAS).first
        canvas.wait_for(state="visible")
        page.wait_for_timeout(800)
        box = canvas.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300, box
        x, y = box["x"] + box["width"] * CLICK_AT[0], box["y"] + box["height"] * CLICK_AT[1]
        page.mouse.move(x, y)
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / "map_hover.png"))
        page.mouse.click(x, y)
        page.wait_for_url("**/province?**", timeout=20_000)
        _wait_idle(page)
        assert _query(page.url).get("province") == [CLICK_PROVINCE], page.url
        assert CLICK_PROVINCE in page.locator("h1").first.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "province_after_click.png"), full_page=True)
    finally:
        context.close()

    foreign = sorted({u for u in requests if not _is_local(u)})
    assert requests, "no request recorded"
    assert not foreign, f"requests left the machine: {foreign[:20]}"


def _combobox(page: object, label: str) -> str:
    return page.get_by_role("combobox", name=label).input_value()


def test_copied_url_restores_the_same_view(
    server: str, database: Path, browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    requests: list[str] = []
    first = browser.new_context(viewport=VIEWPORT)
    first.set_default_timeout(20_000)
    first.on("request", lambda r: requests.append(r.url))
    page = first.new_page()
    try:
        # Set the view through the widgets, as a user would, then copy the address bar.
        page.goto(f"{server}/map", wait_until="domcontentloaded")
        _wait_idle(page)
        page.get_by_role("combobox", name="着色指标").click()
        page.get_by_role("option", name="主题证据数（所选主题的证据条数）").click()
        _wait_idle(page)
        page.get_by_role("combobox", name="区域或城市群").click()
        page.get_by_role("option", name="城市群/经济带 · 京津冀").click()
        _wait_idle(page)
        page.get_by_text("加入对比", exact=True).click()
        _wait_idle(page)
        page.wait_for_function("() => location.search.includes('click=compare')", timeout=10_000)
        copied = page.url
    finally:
        first.close()
    query = _query(copied)
    assert query.get("measure") == ["hits"] and query.get("region") == ["jingjinji"], copied  # codes, not labels

    # Reopen the copied URL (plus a theme filter typed by hand) in a fresh browser context, on a freshly started
    # server whose first ever request is this deep link (as after a restart).
    with _serve(database, tmp_path_factory.mktemp("browser_log2")) as fresh:
        _reopen(copied.replace(server, fresh) + "&themes=ai&themes=data_elements", browser, requests)
    assert not sorted({u for u in requests if not _is_local(u)})


def _reopen(url: str, browser: object, requests: list[str]) -> None:
    second = browser.new_context(viewport=VIEWPORT)
    second.set_default_timeout(20_000)
    second.on("request", lambda r: requests.append(r.url))
    page = second.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        _wait_idle(page)
        page.locator(CANVAS).first.wait_for(state="visible")
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "map_from_url.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        _assert_app_frame(page, "reopened URL")
        assert _combobox(page, "着色指标") == "主题证据数（所选主题的证据条数）"
        assert _combobox(page, "区域或城市群") == "城市群/经济带 · 京津冀"
        chips = page.locator('[data-testid="stMultiSelect"]').filter(has_text="主题（").inner_text()
        assert "人工智能" in chips and "数据要素" in chips, chips
        assert page.get_by_role("radio", name="加入对比").get_attribute("aria-checked") == "true"
        query = _query(page.url)
        assert query.get("measure") == ["hits"] and sorted(query.get("themes", [])) == ["ai", "data_elements"]
        assert query.get("region") == ["jingjinji"] and query.get("click") == ["compare"]
    finally:
        second.close()


@pytest.mark.parametrize(
    ("path", "expect"),
    [
        ("/province?province=广西", "广西"),
        ("/compare?bloc=长三角", "上海"),
        ("/delivery?indicator=de_share_gdp&province=山东", "山东：目标 → 成效 → 下一步"),  # that province's chain
    ],
    ids=["province", "compare-bloc", "delivery"],
)
def test_deep_links_open_framed_on_a_fresh_server(
    database: Path, tmp_path: Path, browser: object, path: str, expect: str
) -> None:
    """A deep link as the very first request of a new server process renders inside dashboard.py's frame.

    This guards atlas/navigation.py's answer to Streamlit's pages/-folder layout (see its docstring); if a
    Streamlit upgrade changes how a pages/ folder beside the entry script is treated, this fails.
    """
    with _serve(database, tmp_path) as base:
        page = browser.new_page(viewport=VIEWPORT)
        try:
            page.goto(base + path)
            _wait_idle(page)
            page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=20_000)
            _assert_app_frame(page, path)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert expect in page.locator('[data-testid="stMain"]').inner_text()
        finally:
            page.close()


def test_the_language_toggle_works_on_the_first_visit_to_a_fresh_server(
    database: Path, tmp_path: Path, browser: object
) -> None:
    """The very first session of a new server process runs its first script run before st.navigation has switched
    the pages/ folder layout off; a click on English right after must still switch the page (title and URL)."""
    with _serve(database, tmp_path) as base:
        page = browser.new_page(viewport=VIEWPORT)
        try:
            page.goto(base + "/")
            _wait_idle(page)
            assert page.locator("h1").first.inner_text().startswith("十四五规划对比")
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            page.wait_for_function("() => document.querySelector('h1')?.innerText.startsWith('Plan Atlas')",
                                   timeout=20_000)  # fmt: skip
            assert _query(page.url).get("lang"), page.url
        finally:
            page.close()


# Streamlit's st.dataframe is a glide data grid: [data-testid="stDataFrame"] holds a canvas and the grid's scroller
# (.dvn-scroller, drawn once the table is shown: a hidden tab's or a closed expander's table has none yet), whose
# scrollWidth is the width of all its columns and clientWidth the box it is drawn in. A grid
# wider than its box scrolls sideways inside the table, past the page's own (uncut) edge: its last columns are cut.
GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(d => d.checkVisibility() && !d.closest('details:not([open])'))
    .map(d => { const s = d.querySelector('.dvn-scroller');
                const heads = [...d.querySelectorAll('th, [role="columnheader"]')].map(h => h.innerText.trim());
                return {heads: heads.filter(Boolean).slice(0, 6).join(' | '),
                        scroll: s ? s.scrollWidth : null, client: s ? s.clientWidth : null}; })"""


def _wait_grids(page: object) -> None:
    """Wait until every visible table has drawn its grid (its scroller is there), then let it paint."""
    try:
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                      .filter(d => d.checkVisibility() && !d.closest('details:not([open])'))
                      .every(d => d.querySelector('.dvn-scroller'))""",
            timeout=10_000,
        )
    except Exception:  # noqa: BLE001 - playwright's TimeoutError; _grid_cuts reports a grid that never drew
        pass
    page.wait_for_timeout(700)


def _grid_cuts(page: object, where: str, seen: set[str]) -> list[str]:
    """The visible tables that are cut, each reported once (``seen``: the tables already looked at)."""
    cuts = []
    for grid in page.evaluate(GRIDS_JS):
        key = f"{grid['heads']} {grid['scroll']} {grid['client']}"
        if key in seen:
            continue
        seen.add(key)
        if grid["scroll"] is None:
            cuts.append(f"{where}table [{grid['heads']}] drew no grid")
        elif grid["scroll"] > grid["client"] + 1:
            cuts.append(f"{where}table [{grid['heads']}] is {grid['scroll']} px wide in {grid['client']} px")
    return cuts


def _every_table_cut(page: object) -> list[str]:
    """Every table on the page that scrolls sideways inside itself: the visible ones, then those in each tab and
    in each expander (opened one by one; a stateful expander reruns the page, so wait for it)."""
    seen: set[str] = set()
    cuts = _grid_cuts(page, "", seen)
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if tab.get_attribute("aria-selected") == "true":
            continue
        label = tab.inner_text().strip()
        tab.click()
        _wait_grids(page)
        cuts += _grid_cuts(page, f"tab {label!r}: ", seen)
    expanders = page.locator('[data-testid="stMain"] [data-testid="stExpander"] details')
    for i in range(expanders.count()):
        details = expanders.nth(i)
        if details.get_attribute("open") is not None:
            continue
        summary = details.locator("summary").first
        label = summary.inner_text().strip().splitlines()[-1]  # after the arrow icon's name
        summary.click()
        _wait_idle(page)
        _wait_grids(page)
        cuts += _grid_cuts(page, f"expander {label[:40]!r}: ", seen)
    return cuts


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_fits_the_window_in_both_languages(server: str, browser: object, lang: str, width: int) -> None:
    """Issue 13: at 1400 and 1920 px nothing is cut off sideways: the main container never scrolls horizontally,
    and no table scrolls sideways inside itself (every st.dataframe on every page, in every tab and expander, fits
    its own box). Every page is photographed in both languages for a person to look at (tests/artifacts/layout/)."""
    out = ARTIFACTS / "layout"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    overflowing = []
    try:
        for name, path in LAYOUT_PAGES.items():
            url = server + path + (("&" if "?" in path else "?") + "lang=en" if lang == "en" else "")
            page.goto(url, wait_until="domcontentloaded")
            _wait_idle(page)
            if lang == "zh":
                _assert_app_frame(page, path)
            else:  # the English link really opened in English (nav and title)
                nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
                assert "Map" in nav and "Data & method" in nav, f"{path}: {nav!r}"
            if name in ("map", "themes", "delivery"):
                page.locator(CANVAS).first.wait_for(state="visible")
                page.wait_for_timeout(800)
            assert page.locator('[data-testid="stException"]').count() == 0, f"{lang} {width} {path}"
            _wait_grids(page)
            shot = out / f"{name}_{lang}_{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            sizes = page.evaluate(
                """() => { const m = document.querySelector('[data-testid="stMain"]');
                           return [m.scrollWidth, m.clientWidth]; }"""
            )
            if sizes[0] > sizes[1] + 1:
                overflowing.append(f"{name}: scrollWidth {sizes[0]} > clientWidth {sizes[1]}")
            overflowing += [f"{name}: {cut}" for cut in _every_table_cut(page)]
    finally:
        context.close()
    assert not overflowing, overflowing


def test_delivery_map_click_opens_that_provinces_plan_outcome_next(server: str, browser: object) -> None:
    """Issue 12: /delivery draws its status map offline, and a click on a province shows its plan → outcome → next."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(30_000)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        page.goto(server + "/delivery?indicator=de_share_gdp", wait_until="domcontentloaded")
        _wait_idle(page)
        canvas = page.locator(CANVAS).first
        canvas.wait_for(state="visible")
        page.wait_for_timeout(800)
        box = canvas.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300, box
        page.mouse.click(box["x"] + box["width"] * CLICK_AT[0], box["y"] + box["height"] * CLICK_AT[1])
        page.get_by_text(f"{CLICK_PROVINCE}：目标 → 成效 → 下一步").first.wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "delivery_after_click.png"), full_page=True)
    finally:
        context.close()
    assert not sorted({u for u in requests if not _is_local(u)})
