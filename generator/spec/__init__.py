"""The lesson spec layer: the typed model of ``lesson.yml``, the course vocabulary and languages."""

SPEC_FILE = "lesson.yml"  # a lesson's spec, beside its article (here so that a lean command can look for one)
