"""The hygiene sweep: ``hygiene scan`` (the mechanical half of references/code-hygiene.md) and
``hygiene skip`` (the record that a sweep was not run for an iteration).

* :mod:`~skill.hygiene.scan` — five categories (A orphaned anchors, B stale ``uncommitted``
  changelog fields, C leftover plan-folder artifacts, D forbidden leftovers in the code, E the
  Complexity Budget against the real diff), each finding marked introduced or inherited;
* :mod:`~skill.hygiene.report` — the human report;
* :mod:`~skill.hygiene.skip` — the ``- HYGIENE SKIP (iter N): <reason>`` writer.
"""
