"""ExecPlan interop: read, lint, export and import self-contained execution plans; PSR-v1 receipts.

Modules: :mod:`model` (parse an ExecPlan into frontmatter, title and sections), :mod:`profiles`
(the three rule sets as data), :mod:`patterns` (URL, timestamp and secret patterns), :mod:`lint`
(one check per rule), :mod:`export` / :mod:`importer` (plan folder <-> ExecPlan) and
:mod:`receipt` (policy-synthesis receipt checks).
"""
