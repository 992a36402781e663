"""Writing a build out: pages into a folder that replaces the previous output whole, or not at all."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import MedialitError


def _write_error(exc: OSError, where: Path | str) -> MedialitError:
    return MedialitError(f"cannot write output: {exc.strerror or exc}", where,
                         hint="check that the folder is writable, has room, and is not open in another program")


def write_files(pages: dict[str, str], root: Path) -> None:
    """Write ``pages`` (text by path) under ``root`` as UTF-8 with LF line ends."""
    for rel, text in sorted(pages.items()):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


@contextlib.contextmanager
def output_folder(out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...] = ()) -> Iterator[Path]:
    """A new folder, with the hand-written docs copied in, that replaces ``out_dir`` when the block ends without error.

    The new tree is built beside ``out_dir`` and swapped in with renames, so
    a failure (or an interruption) leaves the previous output as it was. An
    ``out_dir`` that holds the docs, the current folder or a ``protect``-ed
    folder is refused: replacing it would delete them.
    """
    out_dir = out_dir.resolve()
    _check_out_dir(out_dir, docs_dir, protect)
    tmp: Path | None = None
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
            if docs_dir and docs_dir.is_dir():
                shutil.copytree(docs_dir, tmp, dirs_exist_ok=True)
        except OSError as exc:
            raise _write_error(exc, exc.filename or out_dir) from None
        try:
            yield tmp
        except OSError as exc:  # writing into the new folder (here or in a worker process) failed
            name = Path(exc.filename) if exc.filename else tmp
            if not name.is_relative_to(tmp):
                raise  # not a write: the caller says what it was
            raise _write_error(exc, out_dir / name.relative_to(tmp) if name != tmp else out_dir) from None
        try:
            _swap_in(tmp, out_dir)
        except OSError as exc:
            raise _write_error(exc, exc.filename or out_dir) from None
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def write_pages(pages: dict[str, str], out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...] = ()) -> None:
    """Write hand-written docs plus generated pages into ``out_dir``, replacing it atomically (see :func:`output_folder`)."""
    with output_folder(out_dir, docs_dir, protect) as tmp:
        write_files(pages, tmp)


def _check_out_dir(out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...]) -> None:
    hint = "the output folder is replaced as a whole; give a folder of its own, e.g. build/docs"
    if out_dir.exists() and not out_dir.is_dir():
        raise MedialitError("output path exists and is not a folder", out_dir, hint=hint)
    for parent in out_dir.parents:
        if parent.exists() and not parent.is_dir():
            raise MedialitError("output folder would be inside a file", parent, hint=hint)
    keep = [*protect, *([docs_dir] if docs_dir else [])]
    with contextlib.suppress(OSError):
        keep.append(Path.cwd())
    for folder in keep:
        if folder.resolve().is_relative_to(out_dir):
            raise MedialitError(f"output folder would replace {folder.resolve()}", out_dir, hint=hint)
    if docs_dir and out_dir.is_relative_to(docs_dir.resolve()):
        raise MedialitError(f"output folder is inside the docs folder {docs_dir.resolve()}", out_dir, hint=hint)


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put ``new`` in place of ``out_dir``; if that fails, ``out_dir`` is left as it was."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    out_dir.rename(old)
    try:
        new.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
