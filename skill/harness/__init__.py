"""Installing the skill into agent harnesses (Claude Code, Codex, Cursor, Gemini CLI, …).

One small module per harness (``claude``, ``agents_dir``, ``codex``, ``cursor``, ``gemini``), a
shared target interface (``base``), ownership receipts (``receipt``), the install/uninstall planner
(``installer``), harness detection (``detect``), the health check (``doctor``) and the release
packages (``package``). Nothing runs at import time.
"""
