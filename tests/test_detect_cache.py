"""The prepared-rule cache: used when it is exactly what this version wrote, rebuilt from YAML otherwise, and
never able to crash or hang a run, whatever is found in its place."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from generator.detection import cache, ruleset
from generator.detection.engine import Detector
from generator.detection.reference import ReferenceDetector
from generator.detection.rules import rules_dir

TEXT = "Some experts say the deal is the biggest ever. It reportedly collapsed, insiders say.\n"
EXPECTED = ReferenceDetector().detect(TEXT)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder as the first run writes it (made once: preparing the rules takes a while)."""
    home = tmp_path_factory.mktemp("prepared")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        Detector()
    return home / "medialit"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prepared: Path) -> Path:
    """A cache folder holding the prepared rules and their key."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(prepared, tmp_path / "cache" / "medialit")
    return tmp_path / "cache" / "medialit"


def _cache_file(folder: Path) -> Path:
    (path,) = folder.glob("rules-*.json")
    return path


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the rule files were read again")

    monkeypatch.setattr("generator.detection.rules.read_rules", refuse)


def test_the_prepared_rules_are_cached_and_read_back_without_the_yaml(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache_home = tmp_path / "medialit"
    assert Detector().detect(TEXT) == EXPECTED
    path = _cache_file(cache_home)
    assert (cache_home / cache.KEY_NAME).stat().st_mode & 0o077 == 0, "the key is the user's alone"
    payload = cache.verify(cache.key(cache_home, create=False) or b"", path.read_bytes())
    assert payload is not None and json.loads(payload)["key"] in path.name
    _no_yaml(monkeypatch)
    assert Detector().detect(TEXT) == EXPECTED


def _rebuilt(cache_home: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Detect with whatever is in the cache folder now; the debug lines it logged."""
    caplog.clear()
    with caplog.at_level("DEBUG", logger="medialit.detection"):
        assert Detector().detect(TEXT) == EXPECTED
    return [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("damage", [b"", b"{", b'{"key": "x"}', b"\xff\xfe", b"0" * 64 + b"\n{}", b"\n\n\n"])
def test_a_damaged_cache_file_is_rebuilt_with_a_debug_line(cache_home: Path, caplog: pytest.LogCaptureFixture,
                                                          damage: bytes) -> None:
    path = _cache_file(cache_home)
    path.write_bytes(damage)
    lines = _rebuilt(cache_home, caplog)
    assert lines and all("cache" in line for line in lines)
    assert cache.verify(cache.key(cache_home, create=False) or b"", path.read_bytes()) is not None, "written again"


def _resign(cache_home: Path, change: object) -> None:
    """Rewrite the cache file with ``change`` applied to its data, signed with the right key (as if the key had
    leaked): the data itself must still be checked."""
    path = _cache_file(cache_home)
    secret = cache.key(cache_home, create=False)
    assert secret is not None
    payload = cache.verify(secret, path.read_bytes())
    assert payload is not None
    data = json.loads(payload)
    assert callable(change)
    change(data)
    path.write_bytes(cache.sign(secret, json.dumps(data).encode()))


def _set(keys: list[object], value: object) -> object:
    def change(data: object) -> None:
        for k in keys[:-1]:
            data = data[k]  # type: ignore[index]
        data[keys[-1]] = value  # type: ignore[index]
    return change


@pytest.mark.parametrize(("keys", "value"), [
    (["rules"], {}), (["rules", 0], []), (["rules", 0, "order"], "1"), (["rules", 0, "order"], True),
    (["rules", 0, "regex"], 7), (["rules", 0, "regex"], "(unclosed"), (["rules", 0, "before"], "x"),
    (["rules", 0, "alternatives"], [{"needs": [], "item": 0, "lead": None}]),
    (["rules", 0, "alternatives", 0, "needs"], [{"words": [], "runs": 1}]),
    (["rules", 0, "alternatives", 0, "needs"], [{"words": ["x"], "runs": "1"}]),
    (["rules", 0, "suffixes"], []), (["rules", 0, "word_first"], 1), (["scan"], 5), (["scan"], "[a-"),
    (["format"], 1), (["rules", 0, "extra"], 1),
])
def test_a_wrongly_typed_cache_is_rebuilt(cache_home: Path, caplog: pytest.LogCaptureFixture, keys: list[object],
                                          value: object) -> None:
    _resign(cache_home, _set(keys, value))
    _rebuilt(cache_home, caplog)
    assert Detector().detect(TEXT) == EXPECTED


def test_a_cached_expression_that_does_not_compile_is_prepared_again_when_first_needed(
        cache_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Expressions are compiled when a text first needs them: one that does not compile then (only a damaged
    cache holds one) makes the detector prepare the rules again from the YAML files."""
    def damage(data: object) -> None:
        assert isinstance(data, dict)
        for rule in data["rules"]:
            rule["regex"] = "(unclosed"
            rule["branches"] = ["[unclosed"] * len(rule["branches"])
            rule["suffixes"] = [s and "(?<=x+)" for s in rule["suffixes"]]

    _resign(cache_home, damage)
    detector = Detector()
    assert detector.detect("Nothing to see here.\n") == []
    assert not detector.fresh, "nothing was compiled yet"
    assert detector.detect(TEXT) == EXPECTED
    assert detector.fresh, "prepared again from the YAML"
    assert Detector().compile_all().detect(TEXT) == EXPECTED


def test_a_deeply_nested_cache_is_rebuilt(cache_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    secret = cache.key(cache_home, create=False)
    assert secret is not None
    _cache_file(cache_home).write_bytes(cache.sign(secret, b"[" * 100_000 + b"]" * 100_000))
    _rebuilt(cache_home, caplog)


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "large", "dangling"])
def test_something_else_in_the_cache_files_place_is_ignored(cache_home: Path, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture, kind: str) -> None:
    path = _cache_file(cache_home)
    good = path.read_bytes()
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    elif kind in ("symlink", "dangling"):
        target = tmp_path / "elsewhere.json"
        if kind == "symlink":
            target.write_bytes(good)
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
    else:
        with path.open("wb") as f:
            f.truncate(ruleset.MAX_CACHE + 1)
    _rebuilt(cache_home, caplog)


@pytest.mark.parametrize("kind", ["garbage", "fifo", "folder", "short"])
def test_a_damaged_key_only_costs_a_rebuild(cache_home: Path, caplog: pytest.LogCaptureFixture, kind: str) -> None:
    key = cache_home / cache.KEY_NAME
    key.unlink()
    if kind == "fifo":
        os.mkfifo(key)
    elif kind == "folder":
        key.mkdir()
    else:
        key.write_bytes(b"zz" * 32 if kind == "garbage" else b"ab")
    _rebuilt(cache_home, caplog)
    _rebuilt(cache_home, caplog)


def test_random_damage_to_a_real_cache_file_never_crashes(cache_home: Path) -> None:
    path = _cache_file(cache_home)
    good = path.read_bytes()
    rnd = random.Random(18)
    for _ in range(40):  # each one costs a rebuild from YAML
        data = bytearray(good)
        for _ in range(rnd.randint(1, 4)):
            action, at = rnd.random(), rnd.randrange(len(data))
            if action < 0.4:
                data[at] = rnd.randrange(256)
            elif action < 0.6:
                del data[at:at + rnd.randint(1, 50)]
            elif action < 0.8:
                data[at:at] = rnd.randbytes(rnd.randint(1, 20))
            else:
                data = data[:at]
        path.write_bytes(bytes(data))
        assert Detector().detect(TEXT) == EXPECTED


_JSON_VALUES: list[object] = [None, True, 0, -1, 2**70, 1.5, "", "x", "(", "[^", "\\", "a" * 300, [], {}, [1], {"a": 1}]


def test_random_well_signed_changes_to_the_data_never_crash(cache_home: Path) -> None:
    """Even with the key known, changed data only gives a rebuild or other findings, never a traceback."""
    rnd = random.Random(4)
    secret = cache.key(cache_home, create=False)
    assert secret is not None
    payload = cache.verify(secret, _cache_file(cache_home).read_bytes())
    assert payload is not None
    good = json.loads(payload)

    def places(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        out = [path]
        if isinstance(value, dict):
            for k, v in value.items():
                out += places(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                out += places(v, (*path, i))
        return out

    every = [p for p in places(good) if p]
    for _ in range(40):
        data = json.loads(json.dumps(good))
        where = rnd.choice(every)
        target = data
        for k in where[:-1]:
            target = target[k]
        target[where[-1]] = rnd.choice(_JSON_VALUES)
        _cache_file(cache_home).write_bytes(cache.sign(secret, json.dumps(data).encode()))
        Detector().detect(TEXT)  # no exception, no hang


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert Detector().detect(TEXT) == EXPECTED


def test_an_edited_rule_file_is_read_again(cache_home: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir("en"), rules)
    before = set(cache_home.glob("rules-*.json"))
    assert any(f.rule == "hedge-word" for f in Detector(folder=rules).detect(TEXT))
    hedges = rules / "unconfirmed.yml"
    hedges.write_text(hedges.read_text(encoding="utf-8").replace("'reportedly|allegedly", "'allegedly", 1), encoding="utf-8")
    assert not any(f.rule == "hedge-word" for f in Detector(folder=rules).detect(TEXT))
    assert len(set(cache_home.glob("rules-*.json")) - before) == 2, "one prepared rule set per version of the files"
