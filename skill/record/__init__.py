"""The agent's bookkeeping as commands: what the protocol has the agent record after an action.

``finding`` (findings.md Index, Key Constraints, Corrections and the topic files), ``decision``
(decisions.md entries), ``checkpoint`` (checkpoints/cp-NNN-iterN.md, also written by
``transition EXECUTE`` for iteration 1) and ``verify`` (verification.md rows and Verdict). The
formats belong to the owners in :mod:`skill.plans`; these modules decide what goes in, check the
state, and write through one checked edit each.
"""
