"""TechCorp Customer API 3.2: the vendor plugin (adapter, dialect and sandbox)."""

from vendorgraph.adapters.base import VendorPlugin
from vendorgraph.adapters.techcorp.adapter import DIALECT, TechCorpAdapter
from vendorgraph.adapters.techcorp.sandbox import BASE_PATH, DEMO_KEY, create_app

PLUGIN = VendorPlugin(
    name="techcorp",
    rank=1,
    title="TechCorp Customer API 3.2",
    base_path=BASE_PATH,
    demo_key=DEMO_KEY,
    dialect=DIALECT,
    adapter=TechCorpAdapter,
    sandbox=create_app,
)

__all__ = ["DIALECT", "PLUGIN", "TechCorpAdapter", "create_app"]
