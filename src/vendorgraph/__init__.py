"""vendorgraph: one GraphQL schema over four vendors' REST APIs."""

__version__ = "0.1.0"
