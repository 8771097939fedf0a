"""techparts adapter and sandbox."""
