"""`python -m advisor` does what the `advisor` command does."""

import sys

from advisor.cli import main

sys.exit(main())
