"""The workshop dashboard (issue 5): the twin behind it, and the page in a real, offline browser."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.text import Text

from sim import metrics
from sim.configure import options
from sim.dashboard import texts
from sim.dashboard.charts import CHARTS, DESK, PROJECTOR, TimeChart
from sim.dashboard.network import NetworkPicture
from sim.dashboard.twin import KNOBS, SIDES, Settings, Twin
from sim.domain import CRISES, NEEDS, SECTORS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
READY_SECONDS = 10  # the promise: the dashboard is up in under 10 seconds


# --- the twin -------------------------------------------------------------------------------------
def test_siloed_twins_are_identical_and_a_scenario_differs():
    """Common random numbers: one seed, the same families; only cooperation makes a difference."""
    same = Twin(Settings(scenario="siloed"))
    differ = Twin(Settings(scenario="kooperacje_3d"))
    for _ in range(8):
        same.step()
        differ.step()
    a, b = (same.weekly(side) for side in SIDES)
    assert a.equals(b)
    c, d = (differ.weekly(side) for side in SIDES)
    assert c["inflow"].equals(d["inflow"])  # the same families arrive
    assert not c["hidden_needs"].equals(d["hidden_needs"])  # the PZK passes observations on
    assert differ.models["siloed"].cfg.scenario.name == "siloed"


def test_knobs_change_the_scenario_side_and_staff_both():
    moved = Settings().move(KNOBS[0], 0.2).move(KNOBS[-1], 30)
    cfg = moved.configs()
    assert cfg["scenario"].scenario.pzk.information_sharing == 0.2
    assert not cfg["siloed"].scenario.pzk.enabled
    assert {c.municipality.social_workers for c in cfg.values()} == {30}
    assert not Settings(scenario="pzk").uses(KNOBS[3])  # no ZZK in the pzk scenario


def test_a_family_journey_is_the_same_family_in_both_runs():
    twin = Twin(Settings())
    for _ in range(12):
        twin.step()
    row = twin.telling_family()
    journeys = {side: twin.journey(side, row) for side in SIDES}
    np.testing.assert_allclose(journeys["siloed"].needs[0], journeys["scenario"].needs[0])
    assert journeys["siloed"].needs.shape == (13, len(NEEDS))
    for side, j in journeys.items():
        assert len(j.crises) == twin.models[side].state.families.crises[row].sum()
        table = metrics.crisis_frame(twin.models[side].state)
        assert sorted(w for w, _ in j.crises) == sorted(table.loc[table["family_id"] == row,
                                                                  "week"])


def test_referrals_shown_are_each_referral_once():
    twin = Twin(Settings())
    for _ in range(12):
        twin.step()
    for side in SIDES:
        shown = twin.referrals(side)
        book = twin.models[side].state.referrals
        assert (shown["outcome"] == "open").sum() == len(book)
        assert len(shown) == len(metrics.referral_frame(twin.models[side].state))


def test_every_label_exists_in_both_languages():
    """Vocabulary refuses tables whose languages differ; here: every key the page asks for."""
    assert texts.SECTORS.keys() == set(SECTORS)
    assert texts.NEEDS.keys() == set(NEEDS) and texts.CRISES.keys() == set(CRISES)
    assert {f"knob_{k.name}" for k in KNOBS} <= texts.TEXT.keys()
    assert {f"chart_{c.key}" for c in CHARTS} <= texts.TEXT.keys()
    for lang in texts.LANGS:  # no preset shows its file name ("Gmina: default")
        assert all(texts.scenario_name(lang, s) != s for s in options("scenario"))
        assert all(texts.municipality_name(lang, m) != m for m in options("municipality"))


def test_every_chart_redraws_after_each_step():
    """How fast: benchmarks/dashboard_step.py (no timed assertions in tests)."""
    twin = Twin(Settings())
    charts = [TimeChart(chart, "pl", twin.weeks) for chart in CHARTS]
    for _ in range(20):
        twin.step()
    for _ in range(3):
        twin.step()
        frames = {side: twin.weekly(side) for side in SIDES}
        for chart in charts:
            assert chart.png(frames)[:4] == b"\x89PNG"


def _clipped(fig) -> list[str]:
    """Texts drawn (partly) outside the figure: cut off in the PNG, as "cje pozarządowe" was.
    Tick labels count only where matplotlib draws them (visible axes, ticks in view)."""
    renderer = fig.canvas.get_renderer()
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.findobj(Text)}
    drawn = {id(label) for ax in fig.axes if ax.axison for axis in (ax.xaxis, ax.yaxis)
             for tick in axis._update_ticks() for label in (tick.label1, tick.label2)}
    box = fig.bbox
    out = []
    for text in fig.findobj(Text):
        if not text.get_text() or not text.get_visible() or (id(text) in ticks - drawn):
            continue
        e = text.get_window_extent(renderer)
        if e.x0 < box.x0 - 0.5 or e.x1 > box.x1 + 0.5 or e.y0 < box.y0 - 0.5 \
                or e.y1 > box.y1 + 0.5:
            out.append(text.get_text())
    return out


@pytest.mark.parametrize("lang", texts.LANGS)
def test_no_label_of_a_figure_is_cut_off(lang):
    """Network labels, and chart ticks in both looks after a year of large numbers."""
    twin = Twin(Settings())
    for _ in range(52):
        twin.step()
    flows = {side: twin.flows(side) for side in SIDES}
    network = NetworkPicture(flows, {"siloed": "siloed", "scenario": "Kooperacje 3D"}, lang)
    network.png(flows)
    assert _clipped(network.fig) == []
    frames = {side: twin.weekly(side) for side in SIDES}
    for look in (DESK, PROJECTOR):
        for chart in CHARTS:
            view = TimeChart(chart, lang, twin.weeks, look)
            view.png(frames)
            assert _clipped(view.fig) == [], (chart.key, look)


def test_runs_differ_in_colour_not_only_in_dash():
    twin = Twin(Settings())
    for chart in CHARTS:
        view = TimeChart(chart, "en", twin.weeks)
        for siloed, scenario, _ in view.lines:
            assert siloed.get_color() != scenario.get_color()
            assert siloed.get_linestyle() != scenario.get_linestyle()


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http", "65536"])
def test_a_bad_port_is_one_line_and_exit_2(port):
    proc = subprocess.run([sys.executable, "-m", "sim.dashboard.cli", "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert port in proc.stderr and "1 to 65535" in proc.stderr


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        proc = subprocess.run([sys.executable, "-m", "sim.dashboard.cli", "--port", port],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert f"--port {port}" in proc.stderr and "in use" in proc.stderr


# --- the page in a browser --------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(tmp_path: Path, *args: str):
    """``k3d-dashboard ARGS`` on a free port; its URL once it answers."""
    pytest.importorskip("solara", reason="solara is not installed")
    port = _free_port()
    log = tmp_path / "dashboard.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "sim.dashboard.cli", "--port", str(port), *args],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    start = time.monotonic()
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() - start > READY_SECONDS:
                    pytest.fail(f"dashboard not ready in {READY_SECONDS} s:\n{log.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def dashboard(tmp_path):
    with _serve(tmp_path) as url:
        yield url


@pytest.fixture
def presenting(tmp_path):
    """The dashboard started as for a projector, in Polish."""
    with _serve(tmp_path, "--present", "--lang", "pl") as url:
        yield url


@pytest.fixture
def browser():
    """A headless Debian Chromium tab that may only talk to 127.0.0.1 (a room without internet),
    with the requests it was refused and those the dashboard's server failed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        seen = SimpleNamespace(outside=[], broken=[], expect=sync_api.expect)

        def new_page(width: int = 1600, height: int = 1700):
            """A tab in a browser context of its own: its own cookies, so its own session."""
            page = chromium.new_context(viewport={"width": width, "height": height}).new_page()
            page.set_default_timeout(15_000)
            page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
                       lambda route: (seen.outside.append(route.request.url), route.abort()))
            page.on("response", lambda r: seen.broken.append(r.url) if r.status >= 400 else None)
            return page

        seen.new_page, seen.page = new_page, new_page()
        yield seen
        chromium.close()


def _chart_images(page) -> list[str]:
    return page.locator(".k3d-chart img").evaluate_all("imgs => imgs.map(i => i.src)")


def _differences(page) -> list[str]:
    return page.locator(".k3d-diff").all_inner_texts()


def _step_to(page, week: int) -> None:
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(f"Week {week} of 156").wait_for()


def test_dashboard_in_a_browser(browser, dashboard):
    page, expect = browser.page, browser.expect
    page.goto(dashboard)
    page.get_by_text("Week 0 of 156").wait_for()
    expect(page.locator(".k3d-chart img")).to_have_count(len(CHARTS))

    # change a control: the scenario; the knob of a dimension it lacks is switched off
    page.get_by_role("button", name=re.compile("Scenario")).click()
    page.get_by_role("option", name="PZK (partnership of institutions)").click()
    page.get_by_text("Solid: PZK (partnership of institutions)").wait_for()
    page.get_by_text("not used in this scenario").first.wait_for()
    before = _chart_images(page)
    assert set(_differences(page)) == {"difference: –"}

    _step_to(page, 1)
    first = _differences(page)
    for week in (2, 3, 4):
        _step_to(page, week)
    expect(page.locator(".k3d-diff")).not_to_have_text(first)  # the difference moves on
    last = _differences(page)
    assert any(re.search(r"[+-]\d", d) for d in last), f"no twin difference shown: {last}"
    after = _chart_images(page)
    assert all(a != b for a, b in zip(before, after)), "every chart redraws"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    page.screenshot(path=shot, animations="disabled")
    print(f"\ndashboard screenshots: {shot} and dashboard_*.png beside it")

    page.get_by_role("tab", name="Institutions").click()
    expect(page.locator("img.k3d-network")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "dashboard_institutions.png", animations="disabled")
    page.get_by_role("tab", name="A family's journey").click()
    page.get_by_role("button", name="Show a family where cooperation mattered").click()
    expect(page.locator("img.k3d-journey")).to_be_visible()
    page.get_by_role("tab", name="Over time").click()

    page.get_by_role("button", name="pl", exact=True).click()
    page.get_by_text("Tydzień 4 z 156").wait_for()
    page.get_by_role("button", name="Krok", exact=True).wait_for()
    page.get_by_text("Usamodzielnienia (narastająco)").wait_for()
    assert page.get_by_role("button", name="Step", exact=True).count() == 0
    expect(page.locator(".k3d-chart img")).to_have_count(len(CHARTS))
    sidebar = page.locator(".v-navigation-drawer").bounding_box()
    heading = page.get_by_text("Tydzień 4 z 156").bounding_box()
    assert sidebar["x"] + sidebar["width"] <= heading["x"], "the sidebar covers the page"
    assert page.get_by_text("Gmina: default").count() == 0
    page.screenshot(path=ARTIFACTS / "dashboard_pl.png", animations="disabled")

    # the presentation switch: the sidebar goes, the run buttons move into the header
    page.get_by_text("Prezentacja", exact=True).click()
    expect(page.locator(".v-navigation-drawer")).to_have_count(0)
    expect(page.locator(".k3d-header").get_by_role("button", name="Krok", exact=True)) \
        .to_be_visible()
    page.get_by_text("Prezentacja", exact=True).click()
    expect(page.locator(".v-navigation-drawer")).to_have_count(1)

    assert browser.broken == [], f"failed on the dashboard's own server: {browser.broken}"
    print(f"refused requests to the internet (the page rendered without them): {browser.outside}")


def _settled(page) -> None:
    """Wait until every chart image has loaded and the layout stops moving: measuring while
    images still arrive reads positions the page is about to leave (a flake seen in CI)."""
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.wait_for_function("""() => new Promise(done => {
        const at = () => [...document.querySelectorAll('button, img')]
            .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width]; })
            .join();
        const first = at();
        setTimeout(() => done(at() === first), 250);
    })""")


def _inside(page, locator, width: int, height: int) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["x"] >= 0 and box["y"] >= 0 and \
        box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


def test_presentation_mode_fits_a_projector(browser, presenting):
    """At 1366×768: the run buttons, the scoreboard and a first row of charts are on screen,
    nothing is wider than the screen, text is larger, and Play moves 4 weeks a frame."""
    page, expect = browser.new_page(1366, 768), browser.expect
    page.goto(presenting)
    page.get_by_text("Tydzień 0 z 156").wait_for()
    expect(page.locator(".k3d-chart img")).to_have_count(len(CHARTS))
    _settled(page)
    for name in ("Krok", "Start", "Od nowa"):
        assert _inside(page, page.get_by_role("button", name=name, exact=True), 1366, 768), name
    diffs = page.locator(".k3d-diff")
    assert diffs.count() == 4 and all(_inside(page, diffs.nth(i), 1366, 768) for i in range(4))
    charts = page.locator(".k3d-chart img")
    assert all(_inside(page, charts.nth(i), 1366, 768) for i in range(3)), "first row of charts"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    size = diffs.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 24, f"scoreboard text {size}px"  # 1.3em of 1.25rem; 18 px at a desk
    assert page.get_by_text("Gmina: default").count() == 0

    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_text(re.compile(r"Tydzień (1[2-9]|[2-9]\d) z 156")).wait_for()
    page.get_by_role("button", name="Pauza", exact=True).click()
    page.get_by_role("button", name="Start", exact=True).wait_for()
    shown = int(re.search(r"Tydzień (\d+)", page.locator("h2").first.inner_text()).group(1))
    assert shown % 4 == 0, f"Play moved to week {shown}, not 4 weeks a frame"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard_present_1366x768.png", animations="disabled")
    assert browser.broken == [], f"failed on the dashboard's own server: {browser.broken}"


def test_each_browser_session_has_its_own_models(browser, dashboard):
    """Two participants on one server: stepping one tab leaves the other where it was."""
    first, second = browser.page, browser.new_page()
    for page in (first, second):
        page.goto(dashboard)
        page.get_by_text("Week 0 of 156").wait_for()
    _step_to(first, 1)
    _step_to(first, 2)
    second.get_by_role("button", name="Step", exact=True).wait_for()
    assert second.get_by_text("Week 0 of 156").is_visible()
    _step_to(second, 1)
    assert first.get_by_text("Week 2 of 156").is_visible()
