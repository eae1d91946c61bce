"""``python -m research``: the same command line as the ``research`` script (research.cli)."""

import sys

from research.cli import main

sys.exit(main())
