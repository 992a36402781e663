"""A small file cache that nothing found in its place can crash or hang.

The prepared rule set is kept between runs in the user's cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache``, then ``medialit/``). Whatever is found
there is treated as untrusted:

* a file is opened without following a link and without blocking
  (``O_NOFOLLOW | O_NONBLOCK``), and read only when ``fstat`` says it is a
  regular file no larger than the limit: a named pipe, a device, a folder or
  a link in its place is ignored;
* the file holds a keyed digest (BLAKE2b) of its contents, made with a random
  key kept beside it in ``rules.key`` (readable by the user only): a file
  changed by hand, truncated or written by another program fails the check;
* anything unexpected means "no cache": the caller rebuilds from the YAML
  files, and only a debug line is logged (logger ``medialit.detection``).

Writes go to a temporary file in the same folder, then an atomic replace.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

KEY_NAME = "rules.key"
MAX_KEY = 256


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medialit"


def debug(message: str) -> None:
    """One debug line (logging is imported only when there is something to say)."""
    import logging

    logging.getLogger("medialit.detection").debug(message)


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes, else None (never blocks,
    never follows a link)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not isinstance(exc, FileNotFoundError):
            debug(f"cache file {path} cannot be opened: {exc}")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            debug(f"cache file {path} ignored: not a regular file, or larger than {limit} bytes")
            return None
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            debug(f"cache file {path} ignored: larger than {limit} bytes")
            return None
        return b"".join(chunks)
    except OSError as exc:
        debug(f"cache file {path} cannot be read: {exc}")
        return None
    finally:
        os.close(fd)


def write_atomic(folder: Path, path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file in ``folder`` (False when that fails)."""
    import tempfile  # only when writing: importing it costs more than reading the cache

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:  # a read-only home or a full disk only costs the speed-up
        debug(f"cache file {path} not written: {exc}")
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def key(folder: Path, create: bool) -> bytes | None:
    """The cache's secret key, made on first use when ``create`` (None when there is none or it is unusable)."""
    path = folder / KEY_NAME
    data = read_regular(path, MAX_KEY)
    if data is not None:
        try:
            value = bytes.fromhex(data.decode("ascii").strip())
        except ValueError:
            value = b""
        if len(value) == 32:
            return value
        debug(f"cache key {path} is damaged: made again")
    if not create:
        return None
    value = os.urandom(32)
    # written through mkstemp: readable by the user only
    return value if write_atomic(folder, path, value.hex().encode("ascii")) else None


def sign(secret: bytes, payload: bytes) -> bytes:
    """The signed form of ``payload``: its keyed digest in hex, a line break, then the payload."""
    return hashlib.blake2b(payload, key=secret, digest_size=32).hexdigest().encode("ascii") + b"\n" + payload


def verify(secret: bytes, data: bytes) -> bytes | None:
    """The payload of signed ``data`` when its digest is right, else None."""
    mac, sep, payload = data.partition(b"\n")
    if not sep or not hmac.compare_digest(mac, hashlib.blake2b(payload, key=secret, digest_size=32).hexdigest().encode("ascii")):
        return None
    return payload
