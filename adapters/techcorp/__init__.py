"""techcorp adapter and sandbox."""
