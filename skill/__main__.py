"""``python -m skill`` entry point."""

from skill.cli import main

if __name__ == "__main__":
    main()
