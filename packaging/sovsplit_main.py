"""Entry script of the PyInstaller bundle: the same `sovsplit` command the wheel installs."""

import sys

from sovsplit.cli import main

if __name__ == "__main__":
    sys.exit(main())
