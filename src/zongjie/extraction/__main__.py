"""``python -m zongjie.extraction FILE... [--json]``."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
