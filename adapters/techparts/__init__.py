"""TechParts Developer API v1: the plugin the gateway discovers (adapter, dialect, sandbox)."""

from vendorgraph.adapters.base import VendorPlugin
from vendorgraph.adapters.techparts.adapter import DIALECT, TechPartsAdapter
from vendorgraph.adapters.techparts.sandbox import BASE_PATH, DEMO_KEY, create_app

PLUGIN = VendorPlugin(
    name="techparts",
    rank=3,
    title="TechParts Developer API",
    base_path=BASE_PATH,
    demo_key=DEMO_KEY,
    dialect=DIALECT,
    adapter=TechPartsAdapter,
    sandbox=create_app,
)

__all__ = ["DIALECT", "PLUGIN", "TechPartsAdapter", "create_app"]
