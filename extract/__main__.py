"""Entry point for `python -m extract`."""

import sys

from extract.cli import main

sys.exit(main())
