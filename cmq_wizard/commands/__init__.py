"""One module per command family; each exposes functions that return an exit code."""
