"""The GraphQL layer."""
