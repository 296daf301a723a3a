"""`python -m core.cli` runs the llmplan CLI."""

import sys

from core.cli import main

sys.exit(main())
