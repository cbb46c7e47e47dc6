"""Helpers every test folder shares: the environment, the CLI runner, git, and plan fixtures.

* :mod:`tests.support.env` — :func:`clean_env`, the one environment for subprocesses;
* :mod:`tests.support.cli` — :func:`run_cli`, the one runner of a real ``python -m skill``;
* :mod:`tests.support.git` — temporary git repositories;
* :mod:`tests.support.plans` — plan folders built by the library and the real commands.
"""
