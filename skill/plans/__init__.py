"""Plan folders on disk: ids, the pointer, the store (locks and atomic writes), Markdown helpers."""
