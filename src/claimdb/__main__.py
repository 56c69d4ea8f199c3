"""``python -m claimdb``."""

from claimdb.cli.main import main

main()
