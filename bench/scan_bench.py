"""Speed and memory of batch scanning: ``medialit scan DIR`` and ``medialit detect DIR`` on synthetic folders.

A corpus of N files is made in a temporary folder from the sentences of the
lessons' articles and of the ``bench/devset*`` articles, shuffled with a
seeded generator (100 files a sub-folder, one in four Markdown). Each
command runs once per size in a process of its own; the report gives files
per second, MB per second of article text, the peak resident memory of the
largest process (the command or one of its workers, from ``wait4``) and
the machine's load average before each run, which matters on a shared
machine. ``MEDIALIT_JOBS`` is passed through as set.

    python bench/scan_bench.py                 # 100, 1,000 and 10,000 files
    python bench/scan_bench.py --files 100000  # any sizes
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(])")


def sentences() -> list[str]:
    """Every sentence of the lessons' articles and the bench/devset* articles (front matter and headings left out)."""
    found: list[str] = []
    paths = [*ROOT.glob("lessons/*/article.*"), *ROOT.glob("bench/devset*/*.txt")]
    for path in sorted(paths):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            para = " ".join(para.split())
            if para and not para.startswith(("#", "---")):
                found += [s for s in SENTENCE_END.split(para) if len(s.split()) > 3]
    return found


def make_corpus(folder: Path, n: int, pool: list[str], seed: int = 7) -> int:
    """Write ``n`` articles under ``folder``; their total size in bytes."""
    rnd = random.Random(seed)
    total = 0
    for i in range(n):
        sub = folder / f"part{i // 100:04}"
        if i % 100 == 0:
            sub.mkdir(parents=True)
        chosen = rnd.sample(pool, rnd.randint(12, 30))
        paras = [" ".join(chosen[j:j + 4]) for j in range(0, len(chosen), 4)]
        md = i % 4 == 0
        text = (f"# Article {i}\n\n" if md else "") + "\n\n".join(paras) + "\n"
        data = text.encode("utf-8")
        (sub / f"a{i:06}.{'md' if md else 'txt'}").write_bytes(data)
        total += len(data)
    return total


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS in KiB of the largest process of the run (the command or a worker it waited for)."""
    env = {**os.environ, "CI": "true"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return wall, int(usage.ru_maxrss)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, nargs="+", default=[100, 1000, 10000], help="corpus sizes (default: 100 1000 10000)")
    args = ap.parse_args(argv)
    pool = sentences()
    exe = [sys.executable, "-m", "generator"]
    print(f"jobs: {os.environ.get('MEDIALIT_JOBS', 'all cores')}, cores: {os.cpu_count()}, sentences: {len(pool)}")
    print(f"{'command':<8} {'files':>7} {'MB':>7} {'seconds':>8} {'files/s':>8} {'MB/s':>6} {'peak RSS MiB':>13}  load avg")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.files:
            folder = Path(tmp) / f"c{n}"
            size = make_corpus(folder, n, pool)
            for name, cmd in (("scan", [*exe, "scan", str(folder), "--format", "json"]), ("detect", [*exe, "detect", str(folder)])):
                load = os.getloadavg()
                wall, rss = measure(cmd)
                print(f"{name:<8} {n:>7} {size / 1e6:>7.2f} {wall:>8.2f} {n / wall:>8.1f} {size / 1e6 / wall:>6.2f} "
                      f"{rss / 1024:>13.1f}  {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
