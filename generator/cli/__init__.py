"""The ``medialit`` command line: :mod:`generator.cli.main` parses, one module per command runs."""

from generator.cli.main import main

__all__ = ["main"]
