"""The import graph: which files of a repository import which, read from their import statements.

Python, JavaScript/TypeScript, Go and Rust are read; every other language keeps the text search in
:mod:`skill.blast.textsearch`. :func:`skill.blast.graph.build.load_graph` lists the files with one
``git ls-files``, reuses the cached parse of every file whose size and modification time are
unchanged, parses the rest and resolves each import to a file.
"""
