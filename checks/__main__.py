import sys

from granska.checks.cli import main

sys.exit(main())
