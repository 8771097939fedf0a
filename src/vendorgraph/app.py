"""The Starlette app factory: /graphql, /healthz, /readyz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vendorgraph.api.schema import build_schema
from vendorgraph.api.view import GatewayView
from vendorgraph.config import Settings
from vendorgraph.gateway import Gateway, build_gateway


def create_app(settings: Settings, *, batching: bool = True) -> Starlette:
    """The gateway as an ASGI app; vendor clients open with it and close on shutdown."""
    gateway = build_gateway(settings)
    view = GatewayView(gateway, build_schema(), batching=batching)

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        reachable = await gateway.reachability()
        ready = bool(reachable) and all(reachable.values())
        body = {
            "ready": ready,
            "vendors": {n.upper(): {"reachable": ok} for n, ok in reachable.items()},
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await gateway.aclose()

    app = Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )
    app.state.gateway = gateway
    return app


__all__ = ["Gateway", "create_app"]
