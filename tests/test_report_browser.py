"""The annotated report in a real browser: headless Chromium, driven by selenium.

Skipped, with the reason, where Chromium or its driver is missing; under
CI=true a missing browser fails instead. A screenshot is saved to
$CLAIMDB_TEST_ARTEFACTS (or the test's tmp_path) and its path printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from browser import chrome, missing, wait_ready
from conftest import CLI, FIXTURES, IN_CI, PEOPLE, Databases
from report_desk import HOSTILE_CLAIM, HOSTILE_TITLE, Desk, build


@pytest.fixture(scope="module")
def page(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Desk]]:
    """The report desk's page, written once (on SQLite: the bytes do not depend on the engine)."""
    from claimdb.db.uow import UnitOfWork
    from claimdb.enums import Role
    from claimdb.schemas.documents import DocumentIn, DocumentVersionIn, SectionIn
    from claimdb.schemas.people import PersonIn
    from claimdb.services import documents, people
    from claimdb.services.permissions import Permission

    url = databases.at_head("sqlite")
    text = (FIXTURES / "report.txt").read_bytes().decode("utf-8")
    with UnitOfWork(url) as uow:
        for name, role in PEOPLE:
            people.add_person(
                uow,
                actor=None if name == "ada" else "ada",
                data=PersonIn(name=name, role=Role(role)),
            )
        by = people.resolve_actor(uow, "ada", Permission.WRITE_CLAIMS)
        doc = documents.create_document(
            uow, by=by, data=DocumentIn(slug="report", title="Sanctions and Trade")
        )
        documents.add_version(
            uow,
            by=by,
            document=doc,
            data=DocumentVersionIn(
                text=text,
                sections=[
                    SectionIn(title=t, level=1, start=text.index(t))
                    for t in ("Introduction", "Energy", "Conclusion")
                ],
            ),
        )
    cli = CLI(url, CliRunner(env={"NO_COLOR": "1"}))
    desk = build(cli, text)
    out = tmp_path_factory.mktemp("report") / "report.html"
    cli.ok("report", "report", "-o", str(out))
    yield out, desk
    databases.drop(url)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    browser = chrome(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.quit()


def _open(driver: Any, path: Path) -> None:
    driver.get(path.as_uri())
    wait_ready(driver)


def _console(driver: Any) -> list[Any]:
    return list(driver.get_log("browser"))


def _visible(driver: Any, css: str) -> int:
    from selenium.webdriver.common.by import By

    return sum(1 for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed())


def test_clicking_a_highlight_opens_its_panel(driver: Any, page: tuple[Path, Desk]) -> None:
    """The panel shows the claim, its verdict with the scale's label, rationale and evidence."""
    from selenium.webdriver.common.by import By

    path, desk = page
    _open(driver, path)
    _console(driver)
    panel = driver.find_element(By.ID, "panel")
    assert not panel.is_displayed()
    driver.find_element(By.CSS_SELECTOR, f'mark[data-c="{desk.true}"]').click()
    assert panel.is_displayed()
    shown = panel.text
    assert "True" in shown
    assert "(true on the claimdb scale)" in shown
    assert "The budget law says so." in shown
    assert "Decided by fiona on" in shown
    assert "archived copy" in shown
    assert _console(driver) == []


def test_a_shared_highlight_opens_every_claim_it_covers(
    driver: Any, page: tuple[Path, Desk]
) -> None:
    """Words two claims cover open both panels."""
    from selenium.webdriver.common.by import By

    path, desk = page
    _open(driver, path)
    driver.find_element(By.CSS_SELECTOR, f'mark[data-c="{desk.true} {desk.hostile}"]').click()
    panels = driver.find_elements(By.CSS_SELECTOR, "#panel-body details.claim")
    assert [p.get_attribute("data-c") for p in panels] == [str(desk.true), str(desk.hostile)]


def test_filters_hide_highlights(driver: Any, page: tuple[Path, Desk]) -> None:
    """A verdict filter leaves one highlighted claim; a type filter four; reset all seven."""
    from selenium.webdriver.common.by import By

    path, _ = page
    _open(driver, path)
    assert _visible(driver, "#text a.lbl") == 7
    driver.find_element(By.CSS_SELECTOR, 'input[name="v"][value="claimdb:false"]').click()
    assert _visible(driver, "#text a.lbl") == 1
    assert (
        _visible(driver, "#text mark.hl:not(.off)") == 2
    )  # "($37 billion)" and "on debt servicing"
    assert driver.find_element(By.ID, "shown").text == "1 of 7 claims shown"
    driver.find_element(By.CSS_SELECTOR, 'input[name="v"][value="claimdb:false"]').click()
    driver.find_element(By.CSS_SELECTOR, 'input[name="t"][value="statistic"]').click()
    assert _visible(driver, "#text a.lbl") == 4
    assert _visible(driver, "#claims details.claim") == 4
    driver.find_element(By.CSS_SELECTOR, '#filters button[type="reset"]').click()
    assert _visible(driver, "#text a.lbl") == 7


def test_stored_markup_is_shown_as_text(driver: Any, page: tuple[Path, Desk]) -> None:
    """A claim `<img onerror=alert>` and a title with `</script>` are text: no alert, no console entry."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    path, desk = page
    _open(driver, path)
    _console(driver)
    assert driver.find_elements(By.TAG_NAME, "img") == []
    driver.find_element(By.CSS_SELECTOR, f'a.lbl[data-c="{desk.hostile}"]').click()
    body = driver.find_element(By.ID, "panel-body").text
    assert HOSTILE_CLAIM in body
    driver.find_element(By.CSS_SELECTOR, f'a.lbl[data-c="{desk.true}"]').click()
    assert HOSTILE_TITLE in driver.find_element(By.ID, "panel-body").text
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 2
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018  # the property raises when no dialog is open
    assert _console(driver) == []


def test_without_javascript_the_panels_are_details(page: tuple[Path, Desk], tmp_path: Path) -> None:
    """JavaScript off: no filters, and a label's link opens the claim's <details>."""
    from selenium.webdriver.common.by import By

    reason = missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    path, desk = page
    driver = chrome(tmp_path / "profile", javascript=False)
    try:
        driver.get(path.as_uri())
        assert not driver.find_element(By.ID, "filters").is_displayed()
        details = driver.find_element(By.ID, f"c-{desk.firms}")
        assert details.get_attribute("open") is None
        driver.find_element(By.CSS_SELECTOR, f'a.lbl[data-c="{desk.firms}"]').click()
        assert details.get_attribute("open") is not None
        assert "which survey?" in details.text
    finally:
        driver.quit()


def test_screenshot(driver: Any, page: tuple[Path, Desk], tmp_path: Path) -> None:
    """A screenshot of the page with a panel open, kept as a test artefact."""
    from selenium.webdriver.common.by import By

    path, desk = page
    _open(driver, path)
    driver.find_element(By.CSS_SELECTOR, f'mark[data-c="{desk.hostile}"]').click()
    folder = Path(os.environ.get("CLAIMDB_TEST_ARTEFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
