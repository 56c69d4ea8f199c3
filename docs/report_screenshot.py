"""docs/img/report.png: the annotated report of the seed, as the editor's tutorial leaves it.

Run by `make docs`. Loads the seed into a temporary SQLite database, runs the
commands of docs/tutorial-editor.md's sh blocks on it (so the screenshot shows
the verdicts and decisions the tutorial makes), writes `claimdb report`, and
photographs the page in headless Chromium (tests/browser.py) with a claim's
panel open. Without Chromium it says so and leaves the PNG as it is.

Usage: python docs/report_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial-editor.md"
DOCUMENT = "trump-russia-rapprochement"
FOCUS = 65  # the claim whose panel is open: verified mostly-true in the tutorial
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def tutorial_commands() -> list[list[str]]:
    """The tutorial's commands without `claimdb --db PATH`; those meant to fail left out."""
    found = []
    for block in _BLOCK.finditer(TUTORIAL.read_text(encoding="utf-8")):
        for raw in block.group(1).replace("\\\n", " ").splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#") or "# exits" in raw:
                continue
            argv = shlex.split(line)[1:]
            if argv[:1] == ["--db"]:
                argv = argv[2:]
            if argv[:1] in (["report"], ["export"]):
                continue
            found.append(argv)
    return found


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "img" / "report.png").resolve()
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chrome, missing, wait_ready

    reason = missing()
    if reason:
        print(f"make docs: no screenshot of the report ({reason}); {out} left as it is")
        return
    from typer.testing import CliRunner

    from claimdb.cli.main import app

    runner = CliRunner(env={"NO_COLOR": "1"})
    with tempfile.TemporaryDirectory(prefix="claimdb-docs-") as tmp:
        work = Path(tmp)
        db = str(work / "demo.sqlite3")
        os.chdir(work)

        def run(*argv: str) -> None:
            result = runner.invoke(app, ["--db", db, *argv], catch_exceptions=False)
            if result.exit_code:
                raise SystemExit(f"claimdb {shlex.join(argv)} exited {result.exit_code}")

        run("init")
        run("seed")
        for argv in tutorial_commands():
            run(*argv)
        page = work / "report.html"
        run("report", DOCUMENT, "-o", str(page))
        driver = chrome(work / "profile", width=1280, height=860)
        try:
            driver.get(page.as_uri())
            wait_ready(driver)
            driver.execute_script(
                "var m = document.querySelector('mark[data-c~=\"' + arguments[0] + '\"]');"
                "m.scrollIntoView({block: 'center'}); m.click();",
                FOCUS,
            )
            out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()
    print(f"make docs: wrote {out}")


if __name__ == "__main__":
    main()
