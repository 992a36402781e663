"""The rule set the detector runs, prepared for speed and kept in a cache between runs.

:func:`generator.detection.rules.load_rules` reads ``generator/rules/*.yml`` into
compiled rules. For the detector each rule is then *prepared* (see
:func:`prepare`): its trigger words are derived (:mod:`generator.detection.triggers`),
its expressions compiled with their alternations as tries, and the parts of
each alternative around its lead compiled (:mod:`generator.detection.fastre`). All of
this takes about a second, far longer than detecting cues in a long article,
so the detector takes the prepared rule set from a JSON file in the user's
cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``medialit/``), named
by a digest of the rule files, of every file of the package and of the
Python that compiled it. When the file is missing, unreadable or damaged,
the rules are read from YAML as always (so a broken rule file is reported
with its line and column) and the file is written again; when the folder is
not writable, every run reads the YAML.

The file holds plain data, never pickles: texts, numbers and the regular
expression engine's code, which Python's own validator checks on loading.
It lives outside the project, where a pull request cannot put it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.detection import fastre
from generator.detection.triggers import WORD_START, Alternative, Need, alternatives, starts_word
from generator.resources import PACKAGE_DIR, RULES_DIR, digest, tree_digest

FORMAT = 1  # of the cache file
KEEP = 8  # cache files kept (several checkouts or rule folders may share the cache folder)
_KINDS = ("before", "after", "inside", "sentence")


@dataclass
class CompiledRule:
    category: str
    id: str
    inner: str
    regex: re.Pattern[str]
    message: str
    question: str
    before: list[re.Pattern[str]] = field(default_factory=list)
    after: list[re.Pattern[str]] = field(default_factory=list)
    inside: list[re.Pattern[str]] = field(default_factory=list)
    sentence: list[re.Pattern[str]] = field(default_factory=list)
    source: object = None  # the generator.detection.rules.Rule it was compiled from (None when taken from the cache)
    order: int = 0  # position in its file: on the same start, the earlier rule wins
    # Set by prepare():
    alternatives: tuple[Alternative, ...] = ()  # one per top-level alternative; empty: search the whole text
    suffixes: list[re.Pattern[str] | None] = field(default_factory=list)  # per alternative (see fastre.suffix)
    prefixes: list[re.Pattern[str] | None] = field(default_factory=list)  # per alternative (see fastre.prefix)
    word_first: bool = False  # every match starts with a word character
    codes: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # engine code, for the cache

    @property
    def triggers(self) -> frozenset[str]:
        """Strings one of which every match contains (empty before prepare(), or when there are none)."""
        return frozenset().union(*((a.lead or a.needs[0]).words for a in self.alternatives))

    def record(self) -> dict[str, object]:
        """The prepared rule as plain data for the cache."""
        def pattern(p: re.Pattern[str]) -> list[object]:
            return [p.pattern, self.codes.get(p.pattern)]

        def need(n: Need | None) -> list[object] | None:
            return None if n is None else [sorted(n.words), n.runs]

        return {"category": self.category, "id": self.id, "inner": self.inner, "message": self.message,
                "question": self.question, "order": self.order, "word_first": self.word_first,
                "regex": pattern(self.regex), **{k: [pattern(p) for p in getattr(self, k)] for k in _KINDS},
                "alternatives": [[[need(n) for n in a.needs], a.item, need(a.lead),
                                  self.codes.get(f"suffix {k}"), self.codes.get(f"prefix {k}")]
                                 for k, a in enumerate(self.alternatives)]}

    @classmethod
    def from_record(cls, r: dict) -> CompiledRule:  # type: ignore[type-arg]
        def pattern(item: list) -> re.Pattern[str]:  # type: ignore[type-arg]
            return fastre.load(item[0], item[1], re.IGNORECASE)

        def need(item: list | None) -> Need | None:  # type: ignore[type-arg]
            return None if item is None else Need(frozenset(item[0]), item[1])

        alts = r["alternatives"]
        return cls(r["category"], r["id"], r["inner"], pattern(r["regex"]), r["message"], r["question"],
                   *([pattern(p) for p in r[k]] for k in _KINDS), order=r["order"], word_first=r["word_first"],
                   alternatives=tuple(Alternative(tuple(need(n) for n in a[0]), a[1], need(a[2])) for a in alts),
                   suffixes=[fastre.load_part(a[3]) for a in alts], prefixes=[fastre.load_part(a[4]) for a in alts])


def prepare(rule: CompiledRule) -> CompiledRule:
    """The rule ready for the detector: trigger words derived, expressions compiled as tries, and the
    parts of each alternative around its lead compiled. Matches stay exactly the same."""
    codes: dict[str, object] = {}

    def fast(p: re.Pattern[str]) -> re.Pattern[str]:
        compiled, codes[p.pattern] = fastre.fast(p.pattern, p.flags)
        return compiled

    alts = alternatives(rule.inner)
    parts: dict[str, list[re.Pattern[str] | None]] = {"suffix": [], "prefix": []}
    for k, alt in enumerate(alts):
        for kind, found in parts.items():
            part, codes[f"{kind} {k}"] = (getattr(fastre, kind)(rule.inner, re.IGNORECASE, k, alt.item)
                                          if alt.lead else (None, None))
            found.append(part)
    return replace(rule, regex=fast(rule.regex), **{k: [fast(p) for p in getattr(rule, k)] for k in _KINDS},
                   alternatives=alts, suffixes=parts["suffix"], prefixes=parts["prefix"],
                   word_first=starts_word(rule.inner), codes=codes)


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


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first, shaped as a trie for speed."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


@dataclass
class RuleSet:
    """The prepared rules of every category in file order, and the expression that finds their trigger words."""

    rules: list[CompiledRule]
    scan: re.Pattern[str] | None
    scan_code: object = field(default=None, repr=False)

    @classmethod
    def of(cls, rules: list[CompiledRule]) -> RuleSet:
        prepared = [prepare(r) for r in rules]
        source = scan_pattern(a for r in prepared for a in r.alternatives)
        scan, code = fastre.fast(source) if source else (None, None)
        return cls(prepared, scan, code)


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medialit"


def cache_key(rules_dir: Path) -> str:
    """Digest of everything the prepared rule set depends on: rule files, the package's code, the engine."""
    return digest(f"{FORMAT}\0{fastre.ENGINE}\0{tree_digest([rules_dir, PACKAGE_DIR])}".encode())


def _read(path: Path, key: str) -> RuleSet | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        source, code = data["scan"]
        return RuleSet([CompiledRule.from_record(r) for r in data["rules"]],
                       fastre.load(source, code) if source else None, code)
    except Exception:  # missing, unreadable or damaged: read the YAML instead
        return None


def _write(folder: Path, path: Path, key: str, ruleset: RuleSet) -> None:
    import tempfile  # only when writing: importing it costs more than reading the cache

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            scan = [ruleset.scan.pattern if ruleset.scan else None, ruleset.scan_code]
            json.dump({"key": key, "rules": [r.record() for r in ruleset.rules], "scan": scan}, f)
        os.replace(tmp, path)
        tmp = None
        for old in sorted(folder.glob("rules-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only home or a full disk only costs the speed-up
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def detection_rules(rules_dir: Path = RULES_DIR) -> RuleSet:
    """Every rule of every category, prepared: from the cache when it is current, else from YAML."""
    key = cache_key(rules_dir)
    folder = cache_dir()
    path = folder / f"rules-{key}.json"
    ruleset = _read(path, key)
    if ruleset is None:
        from generator.detection.rules import load_rules

        # the files as they are now, not as load_rules() may have cached them earlier in this process
        fresh = load_rules.__wrapped__(rules_dir)
        ruleset = RuleSet.of([r for cat in fresh.values() for r in cat.rules])
        _write(folder, path, key, ruleset)
    return ruleset
