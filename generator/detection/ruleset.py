"""The rule set the detector runs, prepared for speed and kept in a cache between runs.

:func:`generator.detection.rules.load_rules` reads a language's YAML files
into rules with expanded expressions. For the detector each rule is then
*prepared* (see :func:`prepare`): its trigger words are derived
(:mod:`generator.detection.triggers`), its expressions rewritten with their
alternations as tries, and the parts of each alternative around its lead
written out (:mod:`generator.detection.fastre`). Reading the YAML and
preparing the rules takes longer than detecting cues in a long article, so
the detector takes the prepared rule set from a file in the user's cache
folder, named by a digest of the rule files, of the detection code and of the
Python that prepared it (see :mod:`generator.detection.cache` for how that
file is read safely). When it is missing or not exactly as written, the rules
are read from YAML as always (so a broken rule file is reported with its line
and column) and the file is written again; when the folder is not writable,
every run reads the YAML.

The file holds plain data only: texts (expressions that :func:`re.compile`
compiles), numbers and booleans, each checked for its type on reading.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.detection import cache
from generator.detection.cache import cache_dir
from generator.detection.languages import DEFAULT_LANG, rules_dir
from generator.detection.needs import WORD_START, Alternative, Need
from generator.resources import PACKAGE_DIR, digest, tree_digest

if TYPE_CHECKING:
    from generator.detection.rules import RuleSource

FORMAT = 3  # of the cache file
KEEP = 8  # cache files kept (several checkouts or rule folders may share the cache folder)
MAX_CACHE = 4 * 1024 * 1024  # bytes: a cache file larger than this is ignored
DETECTION_DIR = PACKAGE_DIR / "detection"
T = TypeVar("T")


@dataclass(frozen=True)
class PreparedRule:
    """A rule ready for the detector, as plain data (what the cache holds)."""

    category: str
    id: str
    order: int  # position in its file: on the same start, the earlier rule wins
    message: str
    question: str
    regex: str  # the rule's expression, alternations as tries
    before: tuple[str, ...]
    after: tuple[str, ...]
    inside: tuple[str, ...]
    sentence: tuple[str, ...]
    alternatives: tuple[Alternative, ...]  # one per top-level alternative; empty: search every sentence
    branches: tuple[str, ...]  # with several alternatives, each as a rule of its own (see fastre.branch)
    suffixes: tuple[str | None, ...]  # per alternative (see fastre.suffix)
    prefixes: tuple[str | None, ...]  # per alternative (see fastre.prefix)
    word_first: bool  # every match starts with a word character


def prepare(rule: RuleSource) -> PreparedRule:
    """The rule ready for the detector: trigger words derived, expressions written as tries, and the parts of
    each alternative around its lead written out. Matches stay exactly the same."""
    from generator.detection import fastre  # the parser and the rewriting: only when the cache cannot serve
    from generator.detection.triggers import alternatives, starts_word

    alts = alternatives(rule.inner)
    branches = tuple(fastre.branch(rule.inner, k) for k in range(len(alts))) if len(alts) > 1 else ()
    suffixes = tuple(fastre.suffix(rule.inner, k, a.item) if a.lead else None for k, a in enumerate(alts))
    prefixes = tuple(fastre.prefix(rule.inner, k, a.item) if a.lead else None for k, a in enumerate(alts))
    def fast(sources: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(fastre.fast(s) for s in sources)

    return PreparedRule(rule.category, rule.id, rule.order, rule.message, rule.question, fastre.fast(rule.regex),
                        fast(rule.before), fast(rule.after), fast(rule.inside), fast(rule.sentence),
                        alts, branches, suffixes, prefixes, starts_word(rule.inner))


def scan_words(alts: Iterable[Alternative]) -> set[str]:
    """Every string the detector looks for: those of the leads and needs of ``alts``."""
    return {w for a in alts for n in (a.lead, *a.needs) if n is not None for w in n.words}


def scan_pattern(alts: Iterable[Alternative]) -> str | None:
    """One expression that finds every string of :func:`scan_words` that starts a word, with the
    character before it; the detector runs it over the lower-cased text with a space in front.

    Every such string is made of word characters only, so a non-overlapping scan finds each occurrence
    as the prefix of what the expression matches there. The character before is any but an ASCII
    letter, digit or underscore: every character that is not a word character, and some that are
    (which only adds places for the rules to reject). Starting with a plain character class lets the
    engine skip to the next candidate without trying every character.
    """
    words = sorted(w[1:] for w in scan_words(alts) if w.startswith(WORD_START))
    return "[^a-z0-9_](?:" + trie_pattern(words) + ")" if words else None


@dataclass
class _Trie:
    children: dict[str, _Trie]
    end: bool = False


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first, shaped as a trie for speed."""
    root = _Trie({})
    for w in words:
        node = root
        for ch in w:
            node = node.children.setdefault(ch, _Trie({}))
        node.end = True

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.children.items())]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if node.end:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(root)


@dataclass
class RuleSet:
    """The prepared rules of every category in file order, and the expression that finds their trigger words."""

    rules: list[PreparedRule]
    scan: str | None

    @classmethod
    def of(cls, rules: Iterable[RuleSource]) -> RuleSet:
        prepared = [prepare(r) for r in rules]
        return cls(prepared, scan_pattern(a for r in prepared for a in r.alternatives))


# ---------------------------------------------------------------------------------------------------------------
# The cache file: plain JSON, every value checked for its type on reading


class _Bad(ValueError):
    """The cache holds something other than what this version writes."""


def _need_json(n: Need | None) -> object:
    return None if n is None else {"words": sorted(n.words), "runs": n.runs}


def _as_json(rule: PreparedRule) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in fields(PreparedRule):
        value = getattr(rule, f.name)
        if f.name == "alternatives":
            value = [{"needs": [_need_json(n) for n in a.needs], "item": a.item, "lead": _need_json(a.lead)} for a in value]
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _of(kind: type[T], value: object) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Bad(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _list(value: object) -> list[object]:
    return _of(list, value)


def _opt_int(value: object) -> int | None:
    return None if value is None else _of(int, value)


def _need(value: object) -> Need:
    d = _of(dict, value)
    if set(d) != {"words", "runs"}:
        raise _Bad("a need has other keys")
    words = frozenset(_of(str, w) for w in _list(d["words"]))
    if not words:
        raise _Bad("a need without words")
    return Need(words, _opt_int(d["runs"]))


def _alternative(value: object) -> Alternative:
    d = _of(dict, value)
    if set(d) != {"needs", "item", "lead"}:
        raise _Bad("an alternative has other keys")
    lead = None if d["lead"] is None else _need(d["lead"])
    alt = Alternative(tuple(_need(n) for n in _list(d["needs"])), _of(int, d["item"]), lead)
    if not (alt.lead or alt.needs):
        raise _Bad("an alternative without a lead or need")
    return alt


def _from_json(value: object) -> PreparedRule:
    d = _of(dict, value)
    names = [f.name for f in fields(PreparedRule)]
    if sorted(d) != sorted(names):
        raise _Bad("a rule has other keys")
    strings = {k: tuple(_of(str, s) for s in _list(d[k])) for k in ("before", "after", "inside", "sentence")}
    alts = tuple(_alternative(a) for a in _list(d["alternatives"]))
    branches = tuple(_of(str, s) for s in _list(d["branches"]))
    suffixes = tuple(None if s is None else _of(str, s) for s in _list(d["suffixes"]))
    prefixes = tuple(None if s is None else _of(str, s) for s in _list(d["prefixes"]))
    if not len(alts) == len(suffixes) == len(prefixes) or len(branches) != (len(alts) if len(alts) > 1 else 0):
        raise _Bad("parts do not match the alternatives")
    return PreparedRule(_of(str, d["category"]), _of(str, d["id"]), _of(int, d["order"]), _of(str, d["message"]),
                        _of(str, d["question"]), _of(str, d["regex"]), strings["before"], strings["after"],
                        strings["inside"], strings["sentence"], alts, branches, suffixes, prefixes, _of(bool, d["word_first"]))


def cache_key(folder: Path) -> str:
    """Digest of everything the prepared rule set depends on: the rule files, the detection code, the Python."""
    return digest(f"{FORMAT}\0{sys.version}\0{tree_digest([folder, DETECTION_DIR])}".encode())


def _decode(payload: bytes, key: str) -> RuleSet:
    data = _of(dict, json.loads(payload.decode("utf-8")))
    if set(data) != {"format", "key", "rules", "scan"} or data["format"] != FORMAT or data["key"] != key:
        raise _Bad("another version's file")
    scan = data["scan"]
    return RuleSet([_from_json(r) for r in _list(data["rules"])], None if scan is None else _of(str, scan))


def _read(folder: Path, path: Path, key: str) -> RuleSet | None:
    data = cache.read_regular(path, MAX_CACHE)
    secret = cache.key(folder, create=False) if data is not None else None
    payload = cache.verify(secret, data) if secret is not None and data is not None else None
    if payload is None:
        if data is not None:
            cache.debug(f"cache file {path} does not match its key: rebuilt")
        return None
    try:
        return _decode(payload, key)
    except (ValueError, RecursionError) as exc:  # JSON, UTF-8 and _Bad errors are ValueErrors
        cache.debug(f"cache file {path} is not as expected ({exc}): rebuilt")
        return None


def _write(folder: Path, path: Path, key: str, ruleset: RuleSet) -> None:
    secret = cache.key(folder, create=True)
    if secret is None:
        return
    payload = json.dumps({"format": FORMAT, "key": key, "rules": [_as_json(r) for r in ruleset.rules],
                          "scan": ruleset.scan}, ensure_ascii=False).encode("utf-8")
    if cache.write_atomic(folder, path, cache.sign(secret, payload)):
        try:
            old = sorted(folder.glob("rules-*.json"), key=lambda p: p.lstat().st_mtime, reverse=True)[KEEP:]
            for p in old:
                p.unlink(missing_ok=True)
        except OSError:
            pass


def detection_rules(lang: str = DEFAULT_LANG, folder: Path | None = None, fresh: bool = False) -> RuleSet:
    """Every rule of every category of a language (or of a rule ``folder``), prepared: from the cache when it is
    current (and not ``fresh``), else from YAML. Raises :class:`generator.detection.rules.UnknownLanguage` for an
    unknown language."""
    folder = folder or rules_dir(lang)
    key = cache_key(folder)
    where = cache_dir()
    path = where / f"rules-{key}.json"
    ruleset = None if fresh else _read(where, path, key)
    if ruleset is None:
        from generator.detection.rules import read_rules  # the YAML loader, only when the cache cannot serve

        # the files as they are now, not as load_rules() may have read them earlier in this process
        categories = read_rules(folder)[1]
        ruleset = RuleSet.of(r for cat in categories.values() for r in cat.rules)
        _write(where, path, key, ruleset)
    return ruleset


__all__ = ["PreparedRule", "RuleSet", "cache_dir", "detection_rules", "prepare"]
