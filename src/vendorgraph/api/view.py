"""The /graphql endpoint: builds each request's context and shapes errors and extensions."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from vendorgraph.api.context import Context
from vendorgraph.errors import Code, GatewayError
from vendorgraph.gateway import Gateway
from vendorgraph.loaders import Loaders
from vendorgraph.upstream.report import UpstreamReport, current_report

REPORT_HEADER = "x-vendorgraph-upstream-report"


class GatewayView(GraphQL[Context, None]):
    """strawberry's ASGI view with our context, error codes and the opt-in upstream report."""

    def __init__(self, gateway: Gateway, schema: Any, *, batching: bool = True) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.gateway = gateway
        self.batching = batching

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        wants_report = (
            self.gateway.settings.server.debug or request.headers.get(REPORT_HEADER) == "1"
        )
        report = UpstreamReport() if wants_report else None
        current_report.set(report)
        context = Context(
            gateway=self.gateway,
            loaders=Loaders(self.gateway, batching=self.batching),
            request=request if isinstance(request, Request) else None,
            report=report,
        )
        request.state.vendorgraph = context
        return context

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context | None = getattr(request.state, "vendorgraph", None)
        errors = list(result.errors or []) + (context.partial_errors if context else [])
        body: GraphQLHTTPResponse = {"data": result.data}
        if errors:
            body["errors"] = [format_error(e) for e in errors]
        extensions = dict(result.extensions or {})
        if context and context.report is not None:
            extensions["upstream"] = context.report.as_json()
        if extensions:
            body["extensions"] = extensions
        return body


def format_error(error: GraphQLError) -> dict[str, Any]:
    """A GraphQL error as clients see it: safe message, path, and `extensions.code`."""
    original = error.original_error
    if isinstance(original, GatewayError):
        message, extensions = original.message, original.extensions()
    elif original is None or isinstance(original, GraphQLError):
        # A request error; variable coercion keeps the scalar's own GraphQLError as the cause.
        message, extensions = error.message, {"code": Code.BAD_USER_INPUT.value}
    else:
        message, extensions = "Internal error", {"code": Code.INTERNAL.value}
    formatted: dict[str, Any] = {"message": message, "extensions": extensions}
    if error.path:
        formatted["path"] = error.path
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    return formatted
