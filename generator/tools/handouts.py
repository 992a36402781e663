"""``medialit handouts``: every lesson's worksheet and answer key as PDF files, printed by Chromium.

The pages are the site's own (``lessons/<slug>/worksheet/`` and
``answer-key/``, see :mod:`generator.render.handouts`), so the PDF is what a
teacher gets from the browser's print dialog: the site is built with MkDocs
into a temporary folder (or an already built one is given), and each page is
printed by a headless Chromium (``--print-to-pdf``), on A4 or Letter paper.
Chromium is found at ``--chromium``, ``MEDIALIT_CHROMIUM``, or as ``chromium``
(Debian's package), ``chromium-browser`` or ``google-chrome`` on the ``PATH``.
Nothing is fetched from the network: the pages load only the site's files.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.errors import MedialitError, shorten
from generator.render.handouts import ANSWER_KEY, HANDOUTS, WORKSHEET

PAPERS = {"a4": "A4", "letter": "letter"}  # --paper, and the CSS @page size it sets
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                 "--no-pdf-header-footer", "--print-to-pdf-no-header", "--run-all-compositor-stages-before-draw")
PRINT_TIMEOUT = 120  # seconds for one page
MAX_JOBS = 4
INSTALL_HINT = ("install Chromium (Debian and Ubuntu: sudo apt-get install chromium; macOS: install Google Chrome), "
                "or give its path with --chromium PATH or MEDIALIT_CHROMIUM")


def find_chromium(explicit: str | None = None) -> Path:
    """The Chromium to print with, or a MedialitError that says how to get one."""
    wanted = explicit or os.environ.get("MEDIALIT_CHROMIUM", "").strip()
    if wanted:
        path = Path(wanted)
        found = path if path.is_file() and os.access(path, os.X_OK) else None
        if found is None and os.sep not in wanted:
            found = Path(p) if (p := shutil.which(wanted)) else None
        if found is None:
            raise MedialitError(f"no Chromium at {wanted}", hint=INSTALL_HINT)
        return found
    for name in BROWSERS:
        if path_text := shutil.which(name):
            return Path(path_text)
    raise MedialitError("medialit handouts needs Chromium (or Google Chrome) to print PDF files, and none was found",
                        hint=INSTALL_HINT)


@dataclass(frozen=True)
class Handout:
    slug: str
    kind: str  # WORKSHEET or ANSWER_KEY
    page: Path  # its index.html in the built site

    def pdf_name(self, paper: str) -> str:
        return f"{self.slug}-{self.kind}.pdf" if paper == "a4" else f"{self.slug}-{self.kind}-{paper}.pdf"


@contextmanager
def built_site(root: Path, config: str, site: Path | None) -> Iterator[Path]:
    """The site to print from: ``site`` when given (already built), else the project built with MkDocs now."""
    if site is not None:
        if not (site / "index.html").is_file():
            raise MedialitError("is not a built site (no index.html)", site,
                                hint="give the folder `mkdocs build` wrote (site/ by default), or leave --site out")
        yield site
        return
    config_path = root / config
    if not config_path.is_file():
        raise MedialitError(f"no {config} to build the site with", config_path,
                            hint="run medialit handouts in the course's folder (beside mkdocs.yml), or give --root "
                            "or --site with a site already built")
    with tempfile.TemporaryDirectory(prefix="medialit-handouts-") as tmp:
        out = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_path), "-d", str(out)],
                                cwd=root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
            raise MedialitError("the site did not build, so there is nothing to print", config_path,
                                hint="\n".join(lines[-8:]) or "run `mkdocs build --strict` to see why")
        yield out


def find_handouts(site: Path, lessons: list[str] | None) -> list[Handout]:
    """Every worksheet and answer key in the built ``site`` (of ``lessons`` only, when given), by lesson."""
    found = sorted(p.parent.parent.name for p in (site / "lessons").glob(f"*/{WORKSHEET}/index.html"))
    if not found:
        raise MedialitError("the site has no worksheets", site / "lessons",
                            hint="build it with the medialit plugin (plugins: [medialit] in mkdocs.yml)")
    slugs = found
    if lessons:
        missing = [slug for slug in lessons if slug not in found]
        if missing:
            close = difflib.get_close_matches(missing[0], found, n=1)
            raise MedialitError(f"no lesson {shorten(missing[0])!r} in the site", site / "lessons",
                                hint=f"did you mean {close[0]!r}?" if close else "the lessons are: " + ", ".join(found))
        slugs = list(dict.fromkeys(lessons))
    return [Handout(slug, kind, site / "lessons" / slug / kind / "index.html")
            for slug in slugs for kind in HANDOUTS if (site / "lessons" / slug / kind / "index.html").is_file()]


def print_page(chromium: Path, page: Path, pdf: Path, paper: str) -> None:
    """Print one page of the built site to ``pdf`` on ``paper`` (a key of :data:`PAPERS`)."""
    # the paper size comes from the page's own CSS: a copy of the page, beside it, says which
    html = page.read_text(encoding="utf-8")
    sized = page.with_name(f".print-{paper}.html")  # a page is printed on one paper per run: no two threads share it
    sized.write_text(html.replace("</head>", f"<style>@page {{ size: {PAPERS[paper]}; }}</style></head>", 1), encoding="utf-8")
    tmp = pdf.with_name(f".{pdf.name}.part")
    try:
        result = subprocess.run([str(chromium), *CHROMIUM_ARGS, f"--print-to-pdf={tmp}", sized.as_uri()],
                                capture_output=True, text=True, timeout=PRINT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise MedialitError(f"Chromium took more than {PRINT_TIMEOUT} s to print {page.parent.name}", chromium,
                            hint="try again; with many lessons, print them a few at a time with --lesson") from None
    except OSError as exc:
        raise MedialitError(f"cannot run Chromium: {exc.strerror or exc}", chromium, hint=INSTALL_HINT) from None
    finally:
        sized.unlink(missing_ok=True)
    if result.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise MedialitError(f"Chromium did not print {page}", chromium,
                            hint=(lines[-1] if lines else f"it exited with status {result.returncode}"))
    tmp.replace(pdf)


def default_jobs() -> int:
    """Chromiums printing at once: one per processor core this process may use, at most :data:`MAX_JOBS`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_JOBS))


def write_handouts(out: Path, site: Path, chromium: Path, lessons: list[str] | None = None, paper: str = "a4",
                   progress: Callable[[int, int, Handout, Path], None] | None = None, jobs: int = 1) -> list[Path]:
    """Print every handout of the built ``site`` into ``out``, ``jobs`` at a time; return the PDF files written.

    ``progress(i, n, handout, pdf)`` is called as each one is done, in the order they finish.
    """
    handouts = find_handouts(site, lessons)
    out.mkdir(parents=True, exist_ok=True)
    lock = threading.Lock()
    done = [0]

    def one(handout: Handout) -> Path:
        pdf = out / handout.pdf_name(paper)
        print_page(chromium, handout.page, pdf, paper)
        with lock:
            done[0] += 1
            if progress:
                progress(done[0], len(handouts), handout, pdf)
        return pdf

    # each Chromium is a process of its own: threads only wait for them
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(one, handouts))


def counts(paths: list[Path]) -> tuple[int, int]:
    """How many of ``paths`` are worksheets and answer keys."""
    keys = sum(1 for p in paths if f"-{ANSWER_KEY}" in p.name)
    return len(paths) - keys, keys


def elapsed(start: float) -> str:
    return f"{time.perf_counter() - start:.1f} s"
