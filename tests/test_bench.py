"""The benchmarks under bench/ run, and report what they measured: no timing is asserted here."""

from __future__ import annotations

import re
import sys

from tests.conftest import ROOT, run

sys.path.insert(0, str(ROOT / "bench"))
import perf_build


def runs(wall: float, cpu: float, rss: int = 1000) -> list[dict[str, float | int]]:
    return [{"wall": wall, "cpu": cpu, "rss_kib": rss}]


def data(plugin_1000: tuple[float, float], gen_1000: tuple[float, float]) -> dict[str, object]:
    """Saved runs of 200, 1,000 and 5,000 lessons; the plain build of 1,000 costs 100 s."""
    return {
        "machine": "test machine", "load": [0.1, 0.2], "runs": 1, "mkdocs_runs": 1, "detect_runs": 0,
        "detect": None, "incremental": None,
        "rows": {
            "200": {"generation": runs(1, 1), "plugin": runs(21, 21, 200_000), "plain": runs(20, 20)},
            "1000": {"generation": runs(*gen_1000, 1000), "plugin": runs(*plugin_1000, 900_000), "plain": runs(100, 100)},
            "5000": {"generation": runs(gen_1000[0] * 6, gen_1000[1] * 5, 4000)},
        },
    }


def target_row(report: str, name: str) -> list[str]:
    line = next(line for line in report.splitlines() if line.startswith(f"| {name} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_report_says_which_measure_meets_each_target() -> None:
    report = perf_build.report(data(plugin_1000=(108, 112), gen_1000=(6, 12)))
    assert target_row(report, "plugin / plain at 1,000") == ["plugin / plain at 1,000", "1.10×", "1.08×", "1.12×",
                                                              "in wall time only"]
    assert target_row(report, "generation / plain at 1,000")[2:] == ["0.06×", "0.12×", "in wall time only"]
    # 5,000 / 1,000: 6× in wall time, 5× in CPU time
    assert target_row(report, "generation 5,000 / 1,000")[2:] == ["6.00×", "5.00×", "in CPU time only"]
    assert target_row(report, "generation peak memory 5,000 / 1,000")[2:] == ["4.00× of peak RSS", "—", "yes"]
    assert target_row(report, "plugin build peak memory 1,000 / 200")[2:] == ["4.50× of peak RSS", "—", "yes"]


def test_report_says_yes_and_no() -> None:
    good = perf_build.report(data(plugin_1000=(105, 106), gen_1000=(5, 8)))
    assert target_row(good, "plugin / plain at 1,000")[-1] == "yes"
    assert target_row(good, "generation / plain at 1,000")[-1] == "yes"
    bad = perf_build.report(data(plugin_1000=(120, 125), gen_1000=(15, 20)))
    assert target_row(bad, "plugin / plain at 1,000")[-1] == "**no**"
    assert target_row(bad, "generation / plain at 1,000")[-1] == "**no**"
    assert "| 1,000 | 15.00 s / 20.00 s | 120.00 s / 125.00 s | 100.00 s / 100.00 s | 1.20× / 1.25× | 0.15× / 0.20× |" in bad


def test_a_small_benchmark_runs_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.md"
    result = run("python", str(ROOT / "bench" / "perf_build.py"), "--lessons", "3", "--runs", "1", "--mkdocs-runs", "1",
                 "--detect-runs", "1", "--incremental", "3", "--markdown", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = out.read_text(encoding="utf-8")
    row = next(line for line in report.splitlines() if line.startswith("| 3 |"))
    assert len(re.findall(r"\d+\.\d\d s / \d+\.\d\d s", row)) == 3  # generation, plugin build, plain build
    assert re.search(r"on a 1 MB article .*: \d+\.\d\d s wall", report)
    assert re.search(r"\(3 lessons, .*cold .*\(3 regenerated\); nothing changed .*\(0 regenerated\); "
                     r"one lesson edited .*\(1 regenerated\)", report)


def test_stages_accounts_for_the_whole_build(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("python", str(ROOT / "bench" / "stages.py"), "--lessons", "4", "--builds", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = re.findall(r"^\| (.+?) \| (\d+\.\d\d) \| (\d+) % \|$", result.stdout, re.M)
    labels = [label for label, _, _ in rows]
    for stage in ("spec: read, parse, check", "detection", "sources ledger", "lesson page: template lesson.md.j2",
                  "W3C annotations"):
        assert stage in labels
    per_lesson = float(re.search(r"\((\d+\.\d\d) ms a lesson\)", result.stdout).group(1))  # type: ignore[union-attr]
    assert abs(sum(float(ms) for _, ms, _ in rows) - per_lesson) < 0.05 * per_lesson + 0.05
    assert all(float(ms) >= 0 for _, ms, _ in rows)


def _gold_set(folder, texts: dict[str, tuple[str, list[tuple[str, str, bool]]]]) -> None:  # type: ignore[no-untyped-def]
    """Write texts with gold spans (category, phrase, optional) and a split.yml: a* tuning, b* held out."""
    import yaml

    folder.mkdir()
    for stem, (text, spans) in texts.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        gold = [{"category": c, "start": text.index(p), "end": text.index(p) + len(p), "text": p,
                 **({"optional": True} if opt else {})} for c, p, opt in spans]
        (folder / f"{stem}.gold.yml").write_text(yaml.safe_dump({"article": f"{stem}.txt", "spans": gold}),
                                                 encoding="utf-8")
    split = {"tuning": [s for s in texts if s.startswith("a")], "held_out": [s for s in texts if s.startswith("b")]}
    (folder / "split.yml").write_text(yaml.safe_dump(split), encoding="utf-8")


def test_quality_reports_tuning_and_held_out_parts_and_hides_held_out_misses(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mini"
    _gold_set(folder, {
        # tuning: one hit, one miss (the detector has no rule for "Gerald down the pub")
        "a1": ("Some locals claim the bridge shook. Gerald down the pub swears by it.\n",
               [("vague-sourcing", "Some locals claim", False), ("vague-sourcing", "Gerald down the pub swears", False)]),
        # held out: a hit, a neutral finding (optional span) and a miss in a sentence with no finding
        "b1": ("Sources close to the mayor say she will quit. It was a shocking day. Zelda knows a thing.\n",
               [("vague-sourcing", "Sources close to the mayor say", False), ("superlative", "shocking", True),
                ("vague-sourcing", "Zelda knows", False)]),
    })
    result = run("python", str(ROOT / "bench" / "quality.py"), "--gold-dir", str(folder), "--sentences", "-v",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:4]): line.split()[4:] for line in result.stdout.splitlines()
            if line.startswith("mini ") and ("vague-sourcing" in line or "superlative" in line)}
    # gold found TP FP neutral P R F1
    assert rows["mini", "tuning", "1", "vague-sourcing"] == ["2", "1", "1", "0", "0", "1.00", "0.50", "0.67"]
    assert rows["mini", "held-out", "1", "vague-sourcing"] == ["2", "1", "1", "0", "0", "1.00", "0.50", "0.67"]
    assert rows["mini", "held-out", "1", "superlative"] == ["0", "1", "0", "0", "1", "1.00", "1.00", "1.00"]
    sentence_rows = [line.split() for line in result.stdout.split("Sentence level")[1].splitlines()
                     if line.startswith("mini ")]
    # sentences positive predicted TP FP FN P R F1: "It was a shocking day." holds only an optional span
    assert sentence_rows == [["mini", "tuning", "1", "2", "2", "1", "1", "0", "1", "1.00", "0.50", "0.67"],
                             ["mini", "held-out", "1", "3", "2", "2", "1", "1", "1", "0.50", "0.50", "0.50"]]
    assert "[mini/tuning] a1.txt: FN vague-sourcing “Gerald down the pub swears”" in result.stdout
    assert "Zelda" not in result.stdout and "b1.txt" not in result.stdout
    shown = run("python", str(ROOT / "bench" / "quality.py"), "--gold-dir", str(folder), "-v", "--show-held-out",
                cwd=tmp_path)
    assert "[mini/held-out] b1.txt: FN vague-sourcing “Zelda knows”" in shown.stdout
    tuning = run("python", str(ROOT / "bench" / "quality.py"), "--gold-dir", str(folder), "--part", "tuning",
                 cwd=tmp_path)
    assert "mini  tuning" in tuning.stdout and "held-out" not in tuning.stdout


def test_quality_refuses_a_split_that_names_no_gold_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mini"
    _gold_set(folder, {"a1": ("Nothing here.\n", []), "b1": ("Nothing there.\n", [])})
    (folder / "split.yml").write_text("tuning: [a1, a2]\nheld_out: [b1]\n", encoding="utf-8")
    result = run("python", str(ROOT / "bench" / "quality.py"), "--gold-dir", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    assert "split.yml: no gold file for a2" in result.stderr


def test_quality_scores_a_spanish_set_with_the_spanish_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Según fuentes próximas al club, el fichaje está cerrado.\n"
    cue = ("vague-sourcing", "Según fuentes próximas al club", False)
    recall = {}
    for name, lang in (("devset-es", []), ("mini", ["--lang", "es"]), ("mini-en", [])):
        _gold_set(tmp_path / name, {"a1": (text, [cue]), "b1": ("Nada que ver.\n", [])})
        result = run("python", str(ROOT / "bench" / "quality.py"), "--gold-dir", str(tmp_path / name), "--part", "tuning",
                     *lang, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        row = next(line.split() for line in result.stdout.splitlines() if line.startswith(f"{name} ") and "vague" in line)
        recall[name] = row[-2]
    # the set named devset-es, or any set with --lang es, is read with generator/rules/es; others with the English rules
    assert recall == {"devset-es": "1.00", "mini": "1.00", "mini-en": "0.00"}
