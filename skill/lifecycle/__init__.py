"""Plan lifecycle: new, close, retire, resume/status/list, reset-attempts, compressors."""
