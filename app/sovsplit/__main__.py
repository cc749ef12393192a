"""`python -m sovsplit`: the same entry point as the `sovsplit` command."""

import sys

from sovsplit.cli import main

sys.exit(main())
