"""Speed and memory of ``medialit detect`` on about 1 MB of news-like text.

The text is generated deterministically from a seed: sentences are built
from templates with varied subjects, verbs, numbers and places, and about
one sentence in six carries a cue (unnamed sources, hype, hedges), the rest
plain reporting with named sources, ordinals, quantities and -est words.
Paragraphs are separated by blank lines, as in a .txt article.

Each measurement runs the whole process (``python -m generator detect FILE
--format json``, the same code as the ``medialit`` script): interpreter
start, imports, loading the prepared rules, reading, detection and JSON
output. The median of ``--runs`` runs (at least 5) is reported for 0.25,
0.5 and 1 MB, with the CPU time and the peak RSS of the process (from
``wait4``), so that memory can be seen to grow linearly with the input.

The processes use a rule cache and a bytecode folder of their own in a
temporary folder. A first run fills them, as the first ``medialit detect``
on a machine does, and is reported apart: it reads the YAML rule files and
prepares the rules (see ``generator/ruleset.py``). Bytecode is written even
where PYTHONDONTWRITEBYTECODE is set, as an installed package has it.
The machine's load average is printed too: on a shared machine, compare
runs made back to back.

When ``npm`` is on the PATH, the benchmark also installs write-good 1.0.8
(a prose linter with the same kind of job) into a folder of the system's
temporary directory (kept between runs, outside the repository), and times
``write-good FILE`` on the same 1 MB file, alternating with ``medialit
detect`` run for run, so that both see the same load. It reports both
medians and the ratio (target: medialit at least 6 times faster, whole
process, wall time).

Usage::

    python bench/speed_detect.py [--size 1000000] [--runs 5] [--seed 7] [--markdown FILE] [--no-write-good]
                                 [--lang en|es] [--languages]

``--lang es`` generates Spanish text by the same recipe and detects it with the Spanish rules;
``--languages`` also times 1 MB of each language alternately and reports Spanish / English per MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.3
WRITE_GOOD = "write-good@1.0.8"
TARGET_RATIO = 6.0  # medialit detect at least this many times faster than write-good (issue 17)

PEOPLE = ["Maria Lopez", "Peter Lindqvist", "Dalia Okonjo", "Jeff Davis", "Amara Chen", "Tomasz Nowak", "Ines Duarte",
          "Kwame Mensah", "Yuki Tanaka", "Sofia Rossi", "Omar Haddad", "Lena Fischer", "Rahul Iyer", "Grace Mwangi"]
ROLES = ["Mayor", "Senator", "Health Minister", "union secretary", "chief executive", "spokeswoman", "Navy Captain",
         "Police Chief", "Professor", "Dr.", "Governor", "council member"]
ORGS = ["the Harbour Authority", "the Ministry of Transport", "Reuters", "the city council", "the U.S. Defense Department",
        "the National Weather Service", "Northfield Power", "the regional labour board", "the Russian Defense Ministry",
        "the World Health Organization", "the state auditor", "Meridian Bank"]
PLACES = ["Elswick", "Harlan County", "Rennby", "the capital", "the east side", "Grand Falls", "the river district",
          "the northern suburbs", "the U.S. Midwest", "the old town"]
THINGS = ["the budget", "the new bridge", "the vaccine programme", "the port expansion", "the school merger", "the tax plan",
          "the water project", "the trade talks", "the housing scheme", "the rail line", "the stadium deal", "the clinic"]
VERBS = ["said", "told reporters", "confirmed", "announced", "wrote in a statement", "said on Tuesday", "told the council"]
PLAIN = [
    "{org} {verb} that {thing} would cost {n} million dollars over {k} years.",
    "{role} {person} {verb} that work on {thing} began in {month}.",
    "Records filed with {org} show that {thing} was approved on {month} {d}.",
    "The first shipments reached {place} on {month} {d}, {org} said.",
    "Most of the money went to {thing}, according to the court filing.",
    "{person}, who lives in {place}, said the request was honest and the interest rates were fair.",
    "Rain fell across the west of {place}, and the forest roads were closed for {k} hours.",
    "As expected, the council passed {thing} by {k} votes to {n2}.",
    "In the second term, {org} spent {n} million dollars on {thing}.",
    "{org} confirmed that {n} people attended the meeting in {place} on {month} {d}.",
    "The report suggests that {thing} is behind schedule by {k} weeks.",
    "Dr. {person} of the U.S. Geological Survey said the survey covered {n} sites.",
    "Data from {org} show that prices rose {k} percent in {month}.",
    "The largest employer in {place} hired {n} workers last year, {org} said.",
]
CUES = [
    "According to sources familiar with the talks, {thing} is expected to be delayed.",
    "Some experts say {thing} is the biggest mistake in the history of {place}.",
    "The meeting reportedly lasted {k} hours, though {org} has not confirmed it.",
    "It was a historic moment for {place}, a senior official who spoke on condition of anonymity said.",
    "Critics argue that {thing} is a massive waste of money.",
    "The details of {thing} remain shrouded in secrecy, insiders say.",
    "In an unprecedented move, {org} allegedly hid the figures for {thing}.",
    "The footage could not be independently verified, and {thing} may have been cancelled.",
    "Many believe it is the most important decision of the decade for {place}.",
    "One source said the shocking plan is likely to be announced in {month}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November"]
ENGLISH = {"roles": ROLES, "orgs": ORGS, "places": PLACES, "things": THINGS, "verbs": VERBS, "plain": PLAIN, "cues": CUES,
           "months": MONTHS}

# The same recipe in Spanish (--lang es), for the Spanish rules: plain reporting with named sources, ordinals,
# quantities and words close to cues, and about one sentence in six with a cue.
SPANISH = {
    "roles": ["la alcaldesa", "el senador", "la ministra de Sanidad", "el secretario del sindicato", "el consejero delegado",
              "la portavoz", "el capitán de navío", "el jefe de policía", "la profesora", "el doctor", "la gobernadora"],
    "orgs": ["la Autoridad Portuaria", "el Ministerio de Transportes", "Reuters", "el ayuntamiento", "el Ministerio de Defensa",
             "el servicio meteorológico", "Eléctrica del Norte", "la inspección de trabajo", "la Organización Mundial de la Salud",
             "el Tribunal de Cuentas", "Banco Meridiano"],
    "places": ["Villanueva", "la comarca del Alto Río", "Rennby", "la capital", "el barrio este", "Puerto Claro",
               "el distrito del río", "los barrios del norte", "el casco antiguo"],
    "things": ["el presupuesto", "el nuevo puente", "el plan de vacunación", "la ampliación del puerto", "la fusión escolar",
               "la reforma fiscal", "el proyecto del agua", "las negociaciones comerciales", "el plan de vivienda",
               "la línea de tren", "el acuerdo del estadio", "la clínica"],
    "verbs": ["dijo", "declaró a la prensa", "confirmó", "anunció", "escribió en un comunicado", "dijo el martes",
              "explicó ante el pleno"],
    "plain": [
        "{org} {verb} que {thing} costará {n} millones de euros en {k} años.",
        "{role} {person} {verb} que las obras de {thing} empezaron en {month}.",
        "Los registros de {org} muestran que {thing} se aprobó el {d} de {month}.",
        "Los primeros envíos llegaron a {place} el {d} de {month}, según {org}.",
        "La mayor parte del dinero se destinó a {thing}, según la sentencia.",
        "{person}, que vive en {place}, dijo que la petición era honesta y que los intereses eran justos.",
        "Llovió en el oeste de {place} y las pistas forestales estuvieron cerradas {k} horas.",
        "Como se esperaba, el pleno aprobó {thing} por {k} votos contra {n2}.",
        "En el segundo trimestre, {org} gastó {n} millones de euros en {thing}.",
        "{org} confirmó que {n} personas acudieron a la reunión de {place} el {d} de {month}.",
        "El informe indica que {thing} lleva {k} semanas de retraso.",
        "La doctora {person}, del Instituto Geológico, dijo que el estudio abarcó {n} puntos.",
        "Los datos de {org} muestran que los precios subieron un {k} por ciento en {month}.",
        "La mayor empresa de {place} contrató a {n} trabajadores el año pasado, según {org}.",
    ],
    "cues": [
        "Según fuentes cercanas a las negociaciones, {thing} se retrasará.",
        "Algunos expertos dicen que {thing} es el mayor error de la historia de {place}.",
        "La reunión habría durado {k} horas, aunque {org} no lo ha confirmado.",
        "Fue un momento histórico para {place}, dijo un alto cargo que pidió el anonimato.",
        "Los críticos sostienen que {thing} es un despilfarro enorme.",
        "Los detalles de {thing} siguen envueltos en el secreto, según fuentes internas.",
        "En una decisión sin precedentes, {org} habría ocultado las cifras de {thing}.",
        "Las imágenes no han podido ser verificadas de forma independiente, y {thing} podría haberse cancelado.",
        "Muchos creen que es la decisión más importante de la década para {place}.",
        "Una fuente aseguró que el escandaloso plan se anunciará previsiblemente en {month}.",
    ],
    "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre"],
}
RECIPES = {"en": ENGLISH, "es": SPANISH}


def generate(size: int, seed: int = 7, lang: str = "en") -> str:
    """About ``size`` bytes of news-like paragraphs in ``lang`` (en or es), the same for the same seed."""
    recipe = RECIPES[lang]
    rnd = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rnd.randint(2, 5)):
            template = rnd.choice(recipe["cues"]) if rnd.random() < 1 / 6 else rnd.choice(recipe["plain"])
            sentences.append(template.format(
                org=rnd.choice(recipe["orgs"]), verb=rnd.choice(recipe["verbs"]), thing=rnd.choice(recipe["things"]),
                place=rnd.choice(recipe["places"]), person=rnd.choice(PEOPLE), role=rnd.choice(recipe["roles"]),
                month=rnd.choice(recipe["months"]), d=rnd.randint(1, 28),
                n=rnd.randint(2, 900), n2=rnd.randint(1, 9), k=rnd.randint(2, 48)))
            if lang == "es":  # the contractions: "de el puerto" is "del puerto"
                sentences[-1] = sentences[-1].replace(" de el ", " del ").replace(" a el ", " al ")
            sentences[-1] = sentences[-1][0].upper() + sentences[-1][1:]
        para = " ".join(sentences) + "\n\n"
        total += len(para.encode("utf-8"))
        out.append(para)
    text = "".join(out)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rstrip() + "\n"


def write_good() -> Path | None:
    """The write-good script, installed with npm into a folder of the temporary directory (None without npm)."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    folder = Path(tempfile.gettempdir()) / "medialit-bench-write-good"
    script = folder / "node_modules" / ".bin" / "write-good"
    if not script.exists():
        folder.mkdir(exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent", WRITE_GOOD],
                       check=True, stdout=subprocess.DEVNULL)
    return script


def timed(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] | None = (0,)) -> tuple[float, float, int, int]:
    """Wall time (s), CPU time (s), peak RSS (KiB) and output bytes of one whole process (``ok``: the exit codes
    that mean success; None: any)."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=REPO, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if (ok is not None and proc.returncode not in ok) or proc.returncode < 0:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err}")
        size = out.tell()
    return elapsed, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss), size


def run_once(path: Path, env: dict[str, str], lang: str = "en") -> tuple[float, float, int, int]:
    """Wall time (s), CPU time (s), peak RSS (KiB) and output bytes of one whole detect process."""
    return timed([sys.executable, "-m", "generator", "detect", str(path), "--format", "json", "--lang", lang], env)


def compare(path: Path, env: dict[str, str], runs: int, script: Path) -> tuple[float, float, float, float]:
    """Median wall and CPU times of medialit detect and of write-good on ``path``, run alternately."""
    ours, theirs = [], []
    timed([str(script), str(path)], env, None)  # first run: node's own caches
    for _ in range(runs):
        ours.append(run_once(path, env))
        theirs.append(timed([str(script), str(path)], env, None))  # write-good exits with the number of suggestions
    return (statistics.median(r[0] for r in ours), statistics.median(r[1] for r in ours),
            statistics.median(r[0] for r in theirs), statistics.median(r[1] for r in theirs))


def languages(folder: Path, size: int, seed: int, env: dict[str, str],
              runs: int) -> list[tuple[float, float, float]]:
    """Median wall and CPU times and the size in MB of English and Spanish text of ``size`` bytes, each read with
    its own rules, run alternately (after a first run each that prepares the rules)."""
    paths = {}
    for lang in ("en", "es"):
        paths[lang] = folder / f"lang-{lang}.txt"
        paths[lang].write_text(generate(size, seed, lang), encoding="utf-8")
        run_once(paths[lang], env, lang)
    times: dict[str, list[tuple[float, float, int, int]]] = {"en": [], "es": []}
    for _ in range(runs):
        for lang in ("en", "es"):
            times[lang].append(run_once(paths[lang], env, lang))
    return [(statistics.median(r[0] for r in times[lang]), statistics.median(r[1] for r in times[lang]),
             paths[lang].stat().st_size / 1e6) for lang in ("en", "es")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes of text (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="runs to take the median of at each size (default 5, at least 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    ap.add_argument("--no-write-good", action="store_true", help="skip the comparison with write-good")
    ap.add_argument("--lang", choices=sorted(RECIPES), default="en",
                    help="language of the generated text and of the rules (default en; write-good only reads English)")
    ap.add_argument("--languages", action="store_true",
                    help="also time English and Spanish text of the same size alternately, with the ratio per MB")
    args = ap.parse_args(argv)
    runs = max(5, args.runs)

    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(XDG_CACHE_HOME=str(Path(tmp) / "cache"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "bytecode"))
        full = generate(args.size, args.seed, args.lang).encode("utf-8")
        paths = []
        for share in (0.25, 0.5, 1.0):
            path = Path(tmp) / f"news-{share}.txt"
            path.write_text(full[: int(len(full) * share)].decode("utf-8", "ignore"), encoding="utf-8")
            paths.append(path)
        first = run_once(paths[-1], env, args.lang)  # fills the rule cache and the bytecode folder
        for path in paths:
            results = [run_once(path, env, args.lang) for _ in range(runs)]
            rows.append((f"{path.stat().st_size / 1e6:.2f} MB", f"{statistics.median(r[0] for r in results):.3f} s",
                         f"{statistics.median(r[1] for r in results):.3f} s",
                         f"{max(r[2] for r in results) / 1024:.1f} MiB", f"{results[0][3] / 1e3:.0f} kB"))
        script = None if args.no_write_good or args.lang != "en" else write_good()
        versus = compare(paths[-1], env, runs, script) if script is not None else None
        by_lang = languages(Path(tmp), args.size, args.seed, env, runs) if args.languages else None
    machine = f"{os.cpu_count()}-core {platform.machine()}, Python {platform.python_version()}"
    head = ("input", f"median wall time ({runs} runs)", "median CPU time", "peak RSS", "JSON output")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"medialit detect --format json --lang {args.lang} on generated news text ({machine}; load average {load})")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    for r in [head, *rows]:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print(f"first run, preparing the rules (empty cache), {rows[-1][0]}: {first[0]:.3f} s wall, {first[1]:.3f} s CPU")
    if args.markdown:
        md = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
        md += ["| " + " | ".join(r) + " |" for r in rows]
        args.markdown.write_text(f"Machine: {machine}; load average {load}.\n\n" + "\n".join(md)
                                 + f"\n\nFirst run (empty rule cache), {rows[-1][0]}: {first[0]:.3f} s.\n", encoding="utf-8")
    slow = float(rows[-1][1].split()[0]) > TARGET_SECONDS
    print(f"target {TARGET_SECONDS} s at 1 MB: {'NOT met' if slow else 'met'}")
    if by_lang is not None:
        (en_wall, en_cpu, en_mb), (es_wall, es_cpu, es_mb) = by_lang
        print(f"{runs} alternating runs, medians: English {en_mb:.2f} MB {en_wall:.3f} s wall / {en_cpu:.3f} s CPU, "
              f"Spanish {es_mb:.2f} MB {es_wall:.3f} s wall / {es_cpu:.3f} s CPU; Spanish / English per MB: "
              f"{(es_wall / es_mb) / (en_wall / en_mb):.2f} (wall), {(es_cpu / es_mb) / (en_cpu / en_mb):.2f} (CPU)")
    if versus is None:
        print("write-good: not compared (no npm, --no-write-good, or not English)")
        return 0
    ours_wall, ours_cpu, wg_wall, wg_cpu = versus
    ratio, cpu_ratio = wg_wall / ours_wall, wg_cpu / ours_cpu
    line = (f"{rows[-1][0]}, {runs} alternating runs: medialit detect {ours_wall:.3f} s wall / {ours_cpu:.3f} s CPU, "
            f"{WRITE_GOOD} {wg_wall:.3f} s wall / {wg_cpu:.3f} s CPU: medialit {ratio:.1f}x faster (wall), "
            f"{cpu_ratio:.1f}x (CPU); target {TARGET_RATIO:.0f}x: {'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    print(line)
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as f:
            f.write(f"\n{line}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
