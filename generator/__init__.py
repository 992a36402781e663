"""Medialit Lessons: media-literacy course sites from lesson specs.

The package reads as its pipeline: spec → article → anchor → detect →
callouts → render, joined in :mod:`generator.build.site`, with the command line in
:mod:`generator.cli.main` and the MkDocs adapter in :mod:`generator.plugin`.
"""

__version__ = "0.1.0"
