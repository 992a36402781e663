"""``python -m generator`` runs the medialit command line."""

import sys

from generator.cli.main import main

sys.exit(main())
