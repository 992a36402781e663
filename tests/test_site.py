"""Integration: the repository's own site, built by MkDocs (plugin) and by Zensical (plain pages)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SEED_ARTICLE, SEED_GOLD, highlights, run

SAMPLE_PAGE = Path("lessons") / "nato-arms-deal" / "index.html"


def gold() -> list[dict[str, object]]:
    return yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))["spans"]


def norm(text: str) -> str:
    return " ".join(text.split())


def check_against_gold(found: list[tuple[str, str]]) -> None:
    spans = gold()
    required = [(g["category"], norm(str(g["text"]))) for g in spans if not g.get("optional")]
    assert len(required) == 20
    found_n = [(c, norm(t)) for c, t in found]
    remaining = list(found_n)
    for item in required:
        assert item in remaining, f"gold span {item} is not highlighted"
        remaining.remove(item)
    # anything else highlighted must be an optional gold span, or share text with a gold span
    texts = [norm(str(g["text"])) for g in spans]
    for _cat, text in remaining:
        assert any(text in t or t in text for t in texts), f"unexpected highlight {text!r}"


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("site")
    result = run("mkdocs", "build", "--strict", "-d", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def test_sample_article_matches_seed_file() -> None:
    """The lesson's article is the seed article word for word, set in its natural paragraphs."""
    lesson_article = (ROOT / "lessons" / "nato-arms-deal" / "article.txt").read_text(encoding="utf-8")
    assert lesson_article.split() == SEED_ARTICLE.read_text(encoding="utf-8").split()
    assert lesson_article.count("\n\n") == 15  # sixteen paragraphs, not one


def test_mkdocs_strict_build_has_no_warning(mkdocs_site: tuple[Path, str]) -> None:
    _site, log = mkdocs_site
    assert "WARNING" not in log
    assert "medialit:" in log and "lesson page(s) generated" in log


def test_mkdocs_sample_page_highlights_every_gold_span(mkdocs_site: tuple[Path, str]) -> None:
    site, _log = mkdocs_site
    html = (site / SAMPLE_PAGE).read_text(encoding="utf-8")
    check_against_gold(highlights(html))


def test_every_lesson_has_a_page_and_index_links_it(mkdocs_site: tuple[Path, str]) -> None:
    site, _log = mkdocs_site
    slugs = sorted(p.parent.name for p in (ROOT / "lessons").glob("*/lesson.yml"))
    index = (site / "lessons" / "index.html").read_text(encoding="utf-8")
    for slug in slugs:
        assert (site / "lessons" / slug / "index.html").is_file()
        assert f'href="{slug}/"' in index


def test_zensical_builds_the_plain_markdown_pages(tmp_path: Path) -> None:
    """The documented recipe (docs/publishing.md): plain pages + an unchanged copy of mkdocs.yml."""
    out = tmp_path / "docs"
    result = run("medialit", "build", "--out", str(out), "--quiet", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = run("zensical", "build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / SAMPLE_PAGE).read_text(encoding="utf-8")
    check_against_gold(highlights(html))
