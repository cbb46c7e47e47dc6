"""Run ``emit-template`` from a checkout or an installed skill folder: ``python scripts/emit-template.py --name state``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["emit-template", *sys.argv[1:]])
