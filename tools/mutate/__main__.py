import sys

from tools.mutate.main import main

sys.exit(main())
