"""Run ``blast-radius`` from a checkout or an installed skill folder: ``python scripts/blast-radius.py FILE``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["blast-radius", *sys.argv[1:]])
