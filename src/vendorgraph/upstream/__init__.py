"""The HTTP stack every adapter shares: client, transports, cache, limits."""
