"""The built sample page opens in Chromium without script errors or outside requests."""

from __future__ import annotations

from pathlib import Path

from tests.browser import browser, serve
from tests.conftest import ROOT, run


def test_sample_page_opens_without_errors_or_outside_requests(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("mkdocs", "build", "--strict", "-d", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    with browser() as b, serve(site) as base:
        page = b.new_page()  # type: ignore[attr-defined]
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
        page.goto(f"{base}/lessons/nato-arms-deal/", wait_until="networkidle")
        assert page.locator("mark[data-category]").count() >= 20
        assert errors == []
        assert outside == []
