"""Write the gold files of bench/devset-es from (category, phrase, occurrence) lists.

Offsets are never typed by hand: each span is given as the exact phrase, the
1-based occurrence of that phrase among whole-word matches in the article,
and whether it is optional. This script finds the offsets, checks them and
writes ``NN-name.gold.yml``. Run from anywhere::

    python bench/devset-es/build_gold.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

D = Path(__file__).resolve().parent
V, S, U = "vague-sourcing", "superlative", "unconfirmed"
OPT = "opt"

# stem -> list of (category, phrase[, occurrence][, "opt"])
ANN: dict[str, list[tuple]] = {
    "01-agencia-incendio-forestal": [
        (V, "Según fuentes de la brigada que combate el fuego en la zona"),
        (U, "se habría originado"),
        (U, "no ha confirmado esa hipótesis"),
        (V, "Un brigadista que pidió no ser identificado aseguró a esta agencia"),
        (S, "jamás vista"),
        (U, "Al parecer"),
        (U, "la cifra no ha podido ser verificada de forma independiente"),
        (U, "Está previsto que llegue"),
        (U, "se espera que amaine"),
        (V, "Algunos vecinos temen"),
    ],
    "02-salud-semilla-milagrosa": [
        (S, "milagrosa"),
        (S, "arrasa en las redes", OPT),
        (V, "La llaman", OPT),
        (S, "el fenómeno del verano", OPT),
        (V, "según sus defensores"),
        (S, "increíbles"),
        (V, "Cientos de usuarios de redes sociales aseguran"),
        (V, "Una conocida influencer, cuyo nombre esta revista ha preferido no revelar, asegura"),
        (S, "lo más revolucionario que he probado jamás"),
        (S, "Brutal"),
        (V, "Los expertos hablan de"),
        (U, "supuestamente"),
        (V, "Un estudio realizado en Asia"),
        (U, "habría demostrado"),
        (V, "según se comenta en los gimnasios de la Costa Albar"),
        (U, "a escondidas", OPT),
        (U, "al parecer"),
        (V, "Fuentes del sector aseguran"),
        (S, "la mayor de la historia de la herboristería española"),
        (U, "podría provocar", OPT),
        (S, "la reina", OPT),
    ],
    "03-corazon-boda-secreta": [
        (U, "podrían haberse dado"),
        (U, "en el más absoluto secreto", OPT),
        (V, "Según allegados a la pareja"),
        (U, "se habría celebrado"),
        (V, "Una amiga íntima de la actriz, que prefiere mantenerse en el anonimato, asegura a esta revista"),
        (S, "la boda más bonita que se ha visto nunca"),
        (S, "espectacular"),
        (V, "añade la misma fuente", OPT),
        (U, "Los rumores se dispararon"),
        (U, "no ha querido hacer declaraciones", OPT),
        (V, "Se comenta"),
        (U, "Ni confirma ni desmiente"),
        (U, "el equipo de Asensio ha declinado hacer comentarios", OPT),
        (V, "En el entorno del tenista se da por hecho"),
        (U, "la fecha no ha sido confirmada"),
        (U, "Al parecer"),
        (U, "habría rechazado"),
    ],
    "04-fichaje-delantero": [
        (S, "Bombazo"),
        (U, "estaría negociando", 1),
        (U, "estaría negociando", 2),
        (V, "Según fuentes próximas a la dirigencia"),
        (U, "habría ofrecido"),
        (U, "lo convertiría", OPT),
        (S, "el mayor fichaje de todos los tiempos"),
        (V, "Medios locales aseguran"),
        (U, "habría aceptado"),
        (U, "ninguno de los dos clubes ha confirmado la operación"),
        (S, "el máximo goleador del campeonato", OPT),
        (S, "el primer jugador del club convocado a la selección juvenil en una década", OPT),
        (V, "Un dirigente del Carmelo que pidió no ser identificado dijo a este diario"),
        (U, "podría llegar"),
        (V, "Según la misma fuente", OPT),
        (U, "está previsto que llegue"),
        (V, "En las redes, los hinchas ya hablan"),
        (S, "histórico"),
        (S, "brutal"),
        (V, "Algunos periodistas deportivos creen"),
        (U, "tendría que vender", OPT),
    ],
    "05-ciencia-bacteria-plastico": [
        (U, "no sabemos si funcionaría", OPT),
        (S, "revolucionario"),
        (U, "podría acabar", OPT),
        (V, "Algunos divulgadores en redes sociales"),
        (S, "la solución definitiva"),
        (V, "Investigadores que no participaron en el estudio", OPT),
        (S, "enorme", OPT),
        (U, "Según trascendió"),
        (U, "estaría interesada"),
        (U, "ni la UAG ni la compañía lo han confirmado"),
        (U, "calcula que harán falta", OPT),
        (U, "se espera que publique"),
    ],
    "06-local-plaza-mercado": [
        (V, "Varios vendedores aseguran"),
        (V, "Entre los comerciantes circula el rumor"),
        (U, "Entre los comerciantes circula el rumor"),
        (V, "Un concejal de la oposición, que pidió no ser citado, dijo"),
        (S, "una transformación sin precedentes"),
        (U, "Al parecer"),
        (U, "la Secretaría todavía no ha publicado el acta de adjudicación"),
        (V, "Los comerciantes calculan", OPT),
        (U, "podrían perder", OPT),
    ],
    "07-politica-mocion-censura": [
        (S, "la primera moción de censura que se presenta en la comunidad desde 1998", OPT),
        (S, "un cambio histórico"),
        (V, "Según fuentes de la dirección del partido"),
        (U, "estarían negociando"),
        (V, "Un diputado riberano que pidió no ser identificado aseguró a este periódico"),
        (U, "no ha tomado ninguna decisión", OPT),
        (U, "Según trascendió"),
        (U, "habría exigido"),
        (U, "El propio Quiroga se negó a confirmar ese extremo"),
        (V, "Algunos analistas creen"),
        (U, "podría adelantar"),
        (U, "el presidente no ha descartado", OPT),
        (V, "En los corrillos del Parlamento se da por hecho"),
        (U, "Si la moción prospera", OPT),
        (S, "la primera vez que un presidente de Valdemora pierde el cargo por esta vía", OPT),
    ],
    "08-bolsa-fusion-bancaria": [
        (U, "estudiarían"),
        (S, "se disparan", OPT),
        (S, "se dispararon", OPT),
        (S, "su mayor subida en una sola sesión desde 2012", OPT),
        (V, "varios medios informaran"),
        (U, "estudiaría"),
        (V, "Según fuentes del sector financiero"),
        (U, "habrían mantenido"),
        (U, "se articularía", OPT),
        (U, "daría lugar", OPT),
        (U, "no ha adoptado ninguna decisión", OPT),
        (U, "Caja Levantina no ha confirmado las conversaciones"),
        (U, "declinó hacer comentarios", OPT),
        (V, "Expertos consultados por este diario creen"),
        (U, "exigiría", OPT),
        (V, "Otros hablan ya de"),
        (S, "la fusión del siglo"),
        (S, "sin precedentes"),
        (V, "Una persona conocedora de las negociaciones, que habló bajo condición de anonimato, advirtió"),
        (U, "podría romperse", OPT),
        (U, "rondarían", OPT),
        (U, "los detalles de la operación no se han hecho públicos"),
        (S, "beneficio récord", OPT),
        (U, "se espera que aborde"),
        (V, "fuentes de la entidad insisten"),
    ],
    "09-viral-limon-gripe": [
        (V, "un médico amigo de mi tía que trabaja en el San Cayetano (no voy a decir el nombre porque lo pueden echar) dice"),
        (U, "al parecer"),
        (V, "dicen", 2),
        (V, "mi vecina lo probó", OPT),
        (S, "increíble"),
        (V, "me pasaron un audio de una enfermera que cuenta"),
        (S, "lo más potente que existe"),
        (S, "mejor que cualquier vacuna"),
        (V, "muchos van a decir", OPT),
        (U, "supuestamente"),
        (V, "eso me dijo una mamá del colegio de mi hijo"),
        (U, "todavía no salió nada oficial"),
    ],
    "10-opinion-tranvia": [
        (S, "la obra más importante de la historia de la ciudad"),
        (V, "Todo el mundo sabe"),
        (V, "Se dice en los pasillos de la Intendencia"),
        (V, "algunos ingenieros consultados por esta columnista calculan"),
        (U, "podría duplicarse"),
        (V, "Los defensores del proyecto repiten", OPT),
        (S, "un antes y un después"),
        (S, "jamás vista"),
        (U, "no está respaldada por ningún documento"),
        (U, "Tampoco se ha publicado el estudio de demanda"),
        (U, "presuntamente"),
        (V, "Un funcionario que conoce bien el expediente me dijo, con la condición de no aparecer en esta página"),
        (U, "Al parecer"),
        (U, "estaría haciendo"),
        (S, "su obra más cara", OPT),
    ],
    "11-control-embalses": [],
    "12-control-sentencia-constructora": [],
    "13-sucesos-robo-joyeria": [
        (U, "presunto autor", OPT),
        (V, "Según testigos"),
        (V, "Vecinos de la zona relataron a este diario"),
        (U, "presuntamente"),
        (U, "la policía no ha confirmado"),
        (U, "Al parecer"),
        (U, "podrían aclarar", OPT),
        (U, "no se han hecho públicas"),
        (V, "En redes sociales circula un video"),
        (U, "supuestamente"),
        (U, "La autenticidad de las imágenes no ha sido verificada"),
        (V, "Algunos comerciantes del jirón aseguran"),
        (S, "nunca vista"),
        (V, "Según fuentes de la investigación"),
        (U, "podría ser identificado"),
    ],
    "14-tecnologia-pagos-por-voz": [
        (V, "filtraciones apuntan"),
        (S, "la app más revolucionaria que se ha creado en América Latina"),
        (S, "increíble"),
        (S, "nunca antes vista"),
        (U, "Pluma no quiso precisar cuánto costó el desarrollo"),
        (V, "Según una filtración publicada en un foro de programadores"),
        (U, "habría superado"),
        (V, "Un empleado de la empresa, que pidió el anonimato por no estar autorizado a hablar, dijo"),
        (V, "Se comenta en el sector"),
        (U, "estaría cerrando"),
        (U, "Ninguna de las dos empresas lo ha confirmado"),
        (U, "no comenta rumores de mercado", OPT),
        (V, "Expertos en ciberseguridad advierten", OPT),
        (S, "la tecnología de verificación de voz más avanzada del mundo"),
        (U, "no dio detalles ni ha publicado ninguna auditoría externa"),
        (U, "espera alcanzar"),
        (V, "Analistas del sector consultados por este medio consideran"),
    ],
}


def whole_word_matches(text: str, phrase: str) -> list[int]:
    """Start offsets of `phrase` in `text` that begin and end on word boundaries."""
    starts = []
    for m in re.finditer(re.escape(phrase), text):
        a, b = m.start(), m.end()
        if a > 0 and text[a - 1].isalnum() and phrase[0].isalnum():
            continue
        if b < len(text) and text[b].isalnum() and phrase[-1].isalnum():
            continue
        starts.append(a)
    return starts


def spans_for(stem: str, text: str) -> list[dict]:
    out = []
    for entry in ANN[stem]:
        cat, phrase, *rest = entry
        occ = next((r for r in rest if isinstance(r, int)), 1)
        optional = OPT in rest
        starts = whole_word_matches(text, phrase)
        if len(starts) < occ:
            sys.exit(f"{stem}: {phrase!r} occurrence {occ} not found ({len(starts)} found)")
        if len(starts) > 1 and not any(isinstance(r, int) for r in rest):
            sys.exit(f"{stem}: {phrase!r} occurs {len(starts)} times; give the occurrence")
        start = starts[occ - 1]
        sp = {"category": cat, "start": start, "end": start + len(phrase), "text": phrase}
        if optional:
            sp["optional"] = True
        out.append(sp)
    out.sort(key=lambda s: (s["start"], -s["end"], s["category"]))
    for i, a in enumerate(out):
        assert text[a["start"]:a["end"]] == a["text"]
        assert "\n" not in a["text"], (stem, a)
        for b in out[i + 1:]:
            # nesting or coinciding is fine, partial crossing is not
            if b["start"] < a["end"] < b["end"]:
                sys.exit(f"{stem}: spans cross: {a} / {b}")
            if (a["start"], a["end"], a["category"]) == (b["start"], b["end"], b["category"]):
                sys.exit(f"{stem}: duplicate span {a}")
    return out


def main() -> None:
    for stem in sorted(ANN):
        txt = D / f"{stem}.txt"
        text = txt.read_text(encoding="utf-8")
        spans = spans_for(stem, text)
        head = (
            f"# Gold spans for {txt.name} under docs/guia-de-anotacion.md.\n"
            "# start/end are Python str offsets into the file's text (UTF-8), end exclusive.\n"
        )
        if spans:
            body = yaml.safe_dump({"article": txt.name, "spans": spans}, sort_keys=False,
                                  allow_unicode=True, width=10_000)
        else:
            body = f"article: {txt.name}\n# Control article: no cue spans.\nspans: []\n"
        (D / f"{stem}.gold.yml").write_text(head + body, encoding="utf-8")
        print(f"{stem}: {len(spans)} spans")
    stems = {p.name[:-4] for p in D.glob("*.txt")}
    assert stems == set(ANN), stems ^ set(ANN)


if __name__ == "__main__":
    main()
