"""The blast-radius scorer: a cheap, deterministic, advisory estimate of how far one edit reaches."""
