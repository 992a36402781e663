"""``python -m generator`` runs the medialit command line."""

import sys

from .cli import main

sys.exit(main())
