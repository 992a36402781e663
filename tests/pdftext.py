"""The text of a PDF printed by Chromium, without a PDF library.

Chromium (Skia) writes text with Type0/Type3 fonts whose ``/ToUnicode`` CMaps
map glyph codes to characters, and names each font resource after its object
(``/F6 6 0 R``). This reads just that: objects, Flate streams, the CMaps and
the ``Tj``/``TJ`` strings of every content stream, in file order. Word spacing
is positioning in PDF, so compare with :func:`squash` (no white space at all).
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj")
_STREAM = re.compile(rb"stream\r?\n")
_LENGTH = re.compile(rb"/Length (\d+)(?! \d+ R)")
_FONT_REF = re.compile(rb"/(F\d+) (\d+) 0 R")
_TOUNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_TOKENS = re.compile(rb"<([0-9A-Fa-f\s]*)>|\((?:\\.|[^\\)])*\)|/(F\d+)\s+[\d.]+\s+Tf|(TJ|Tj|')")


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Each object's dictionary and its stream (inflated), read by the stream's /Length.

    Compressed data may hold any bytes, "endobj" and "endstream" included: a stream is skipped by its
    length, never searched for its end.
    """
    out = {}
    pos = 0
    while m := _OBJ.search(pdf, pos):
        end = pdf.find(b"endobj", m.end())
        if end < 0:
            break
        stream = _STREAM.search(pdf, m.end(), end)
        head, data = pdf[m.end(): end], b""
        if stream:
            head = pdf[m.end(): stream.start()]
            length = _LENGTH.search(head)
            stop = stream.end() + int(length.group(1)) if length else pdf.find(b"endstream", stream.end())
            data = pdf[stream.end(): stop]
            end = pdf.find(b"endobj", stop)
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
        out[int(m.group(1))] = (head, data)
        pos = end + len(b"endobj")
    return out


def _cmap(data: bytes) -> dict[str, str]:
    """Glyph code (hex, upper case) → text, from ``bfchar`` and ``bfrange`` sections."""
    out: dict[str, str] = {}

    def text(hexs: bytes) -> str:
        return bytes.fromhex(hexs.decode()).decode("utf-16-be", "replace")

    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            out[src.decode().upper()] = text(dst)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            width = len(lo)
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[f"{code:0{width}X}"] = chr(start + i) if start + i < 0x110000 else ""
    return out


def pdf_text(pdf: bytes) -> str:
    """All text drawn in the PDF, one line per text operator."""
    objects = _objects(pdf)
    maps: dict[int, dict[str, str]] = {}
    for num, (head, _) in objects.items():
        m = _TOUNICODE.search(head)
        if b"/Font" in head and m and int(m.group(1)) in objects:
            maps[num] = _cmap(objects[int(m.group(1))][1])
    names = {name.decode(): int(num) for head, _ in objects.values() for name, num in _FONT_REF.findall(head)}
    lines: list[str] = []
    for _, data in objects.values():
        if b"Tf" not in data:
            continue
        cmap: dict[str, str] = {}
        width = 4
        current: list[str] = []
        for m in _TOKENS.finditer(data):
            if m.group(2):
                cmap = maps.get(names.get(m.group(2).decode(), -1), {})
                width = len(next(iter(cmap), "0000"))
            elif m.group(1) is not None:
                hexs = re.sub(rb"\s", b"", m.group(1)).decode().upper()
                current.append("".join(cmap.get(hexs[i:i + width], "") for i in range(0, len(hexs), width)))
            elif m.group(3):
                lines.append("".join(current))
                current = []
    return "".join(lines)


def squash(text: str) -> str:
    """Text without any white space, for comparing with what a PDF draws."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has: its page objects (``/Type /Page``, not the ``/Pages`` tree)."""
    return sum(1 for head, _ in _objects(pdf).values() if re.search(rb"/Type\s*/Page(?![a-zA-Z])", head))
