"""The languages that have detection rules: one folder per language, ``generator/rules/<lang>/``.

:func:`rules_language` picks the rule set of a BCP 47 tag, the most specific
first (``es-MX`` -> ``es-mx`` when there is such a folder, else ``es``).
A caller that detects in a language without rules gets :class:`UnknownLanguage`,
a :class:`generator.errors.MedialitError` that also carries the language asked
for and the available ones, so that it can be reported as an error or turned
into a warning ("no rule set for language 'xx'; available: en, es").
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import MedialitError
from generator.resources import RULES_DIR
from generator.spec.language import candidates

__all__ = ["DEFAULT_LANG", "RULES_DIR", "UnknownLanguage", "available_languages", "no_rules_message", "rules_dir",
           "rules_language"]

DEFAULT_LANG = "en"
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


class UnknownLanguage(MedialitError):
    """No rule set for a language: ``lang`` and the ``available`` ones, for a caller that prefers a warning."""

    def __init__(self, lang: str, available: list[str]) -> None:
        self.lang, self.available = lang, available
        super().__init__(f"no rule set for language {lang!r}; available: {', '.join(available) or 'none'}",
                         hint=f"use one of: {', '.join(available)}, or add the folder generator/rules/{lang}/")


def available_languages(root: Path = RULES_DIR) -> list[str]:
    """The languages that have a rule folder (with a common.yml), sorted."""
    try:
        return sorted(p.name for p in root.iterdir() if _LANG.match(p.name) and (p / "common.yml").is_file())
    except OSError:
        return []


def rules_dir(lang: str = DEFAULT_LANG, root: Path = RULES_DIR) -> Path:
    """The rule folder of a language; :class:`UnknownLanguage` when there is none."""
    if not _LANG.match(lang) or not (root / lang / "common.yml").is_file():
        raise UnknownLanguage(lang, available_languages(root))
    return root / lang


def rules_language(tag: str, root: Path = RULES_DIR) -> str | None:
    """The rule set for a language tag, most specific first (``es-MX`` -> ``es-mx``, else ``es``); None when there is none."""
    return next((lang for lang in candidates(tag) if _LANG.match(lang) and (root / lang / "common.yml").is_file()), None)


def no_rules_message(tag: str, then: str, root: Path = RULES_DIR) -> str:
    """A warning about text in a language without rules: the language, the ones with rules, and ``then``, what happens."""
    return f"no detection rules for language {tag!r} (there are rules for {', '.join(available_languages(root)) or 'none'}): {then}"
