"""One vendor down: the others' data still comes back, with an error on the paths it owned."""

from __future__ import annotations

from contextlib import ExitStack

from tests.support.processes import gateway, sandboxes, vendor_env

QUERY = (
    "{ tc: customers(vendors: [TECHCORP], first: 2) { nodes { vendorId } }"
    "  ec: customers(vendors: [ECOMMERCE], first: 2) { nodes { vendorId } }"
    "  both: customers(vendors: [ECOMMERCE, TALKINGSHOPS], first: 5) { nodes { vendor } } }"
)


def test_a_sandbox_stopped_mid_run_gives_partial_data_and_an_error_on_its_path() -> None:
    with sandboxes("--rate-limit", "1000000") as found, ExitStack() as ecommerce_process:
        lonely = ecommerce_process.enter_context(
            sandboxes("--rate-limit", "1000000", vendor="ecommerce")
        )
        with gateway(vendor_env({**found, "ecommerce": lonely["ecommerce"]})) as gw:
            before = gw.query(QUERY)
            ecommerce_process.close()
            after = gw.query(QUERY)
    assert "errors" not in before
    assert len(before["data"]["ec"]["nodes"]) == 2
    assert len(after["data"]["tc"]["nodes"]) == 2
    assert after["data"]["ec"] is None
    assert {n["vendor"] for n in before["data"]["both"]["nodes"]} == {"ECOMMERCE"}
    assert {n["vendor"] for n in after["data"]["both"]["nodes"]} == {"TALKINGSHOPS"}
    errors = {tuple(e["path"]): e["extensions"] for e in after["errors"]}
    assert errors[("ec",)]["code"] == "UPSTREAM_UNAVAILABLE"
    assert errors[("ec",)]["vendor"] == "ECOMMERCE"
    assert errors[("both",)]["vendor"] == "ECOMMERCE"
