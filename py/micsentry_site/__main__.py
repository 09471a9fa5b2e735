"""``python -m micsentry_site``: see micsentry_site.cli."""

import sys

from micsentry_site.cli import main

sys.exit(main())
