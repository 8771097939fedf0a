"""The strawberry Schema: Query plus the protective extensions, and quiet error processing."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from vendorgraph.api.mutations import Mutation
from vendorgraph.api.query import Query
from vendorgraph.api.types import Customer, Order, Product
from vendorgraph.errors import GatewayError

log = logging.getLogger("vendorgraph.graphql")


class GatewaySchema(strawberry.Schema):
    """A Schema that logs one line per unexpected error, never a stack trace or a secret."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if original is not None and not isinstance(original, GatewayError | GraphQLError):
                log.error("internal error at %s: %s", error.path, type(original).__name__)


def limit_rules() -> list[type[ASTValidationRule]]:
    """The depth and alias limits' validation rules, built once for every request.

    ValidationCache keys on the rules too: a limiter built per request brings a new rule class
    each time, so every query would be validated again (most of a small request's CPU).
    """
    return [
        *QueryDepthLimiter(max_depth=10).validation_rules,
        *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    ]


def build_schema() -> GatewaySchema:
    """The gateway's schema with depth, alias and token limits (extensions passed as factories)."""
    rules = limit_rules()
    extensions: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=2000),
        ParserCache,
        ValidationCache,
    ]
    return GatewaySchema(
        query=Query, mutation=Mutation, types=[Customer, Order, Product], extensions=extensions
    )
