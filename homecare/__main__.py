import sys

from homecare.cli import main

sys.exit(main())
