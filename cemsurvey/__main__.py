import sys

from cemsurvey.cli.app import main

sys.exit(main())
