import sys

from opsporing.cli import main

sys.exit(main())
