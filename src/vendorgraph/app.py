"""The Starlette app factory: /graphql, /healthz, /readyz, /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from vendorgraph.api.schema import build_schema
from vendorgraph.api.view import GatewayView
from vendorgraph.config import Settings
from vendorgraph.gateway import Gateway, build_gateway
from vendorgraph.upstream.resilience import deadline_scope


class WithDeadline:
    """Bound every vendor call one GraphQL request makes by one deadline (an ASGI wrapper)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with deadline_scope(self.seconds):
            await self.app(scope, receive, send)


def create_app(settings: Settings, *, batching: bool = True) -> Starlette:
    """The gateway as an ASGI app; vendor clients open with it and close on shutdown."""
    gateway = build_gateway(settings)
    view = GatewayView(gateway, build_schema(), batching=batching and settings.server.batching)

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        reachable = await gateway.reachability()
        ready = bool(reachable) and all(reachable.values())
        vendors = {
            name.upper(): {"reachable": ok, "circuit": gateway.vendors[name].stack.breaker.value}
            for name, ok in reachable.items()
        }
        return JSONResponse({"ready": ready, "vendors": vendors}, status_code=200 if ready else 503)

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await gateway.aclose()

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                WithDeadline(view, settings.server.deadline_s),
                methods=["GET", "POST"],
            ),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
        ],
        lifespan=lifespan,
    )
    app.state.gateway = gateway
    return app


__all__ = ["Gateway", "WithDeadline", "create_app"]
