"""Entry point for `python -m extract`."""

import sys

from extract.cli import main

if __name__ == "__main__":  # guarded: build worker processes (spawn) re-import this module
    sys.exit(main())
