import sys

from tools.actionlint.lint import main

sys.exit(main())
