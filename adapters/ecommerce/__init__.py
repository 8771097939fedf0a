"""The E-Commerce Platform API 2.3 vendor: its plugin declaration (adapter, dialect, sandbox)."""

from vendorgraph.adapters.base import VendorPlugin
from vendorgraph.adapters.ecommerce.adapter import DIALECT, EcommerceAdapter
from vendorgraph.adapters.ecommerce.sandbox import BASE_PATH, DEMO_KEY, create_app

PLUGIN = VendorPlugin(
    name="ecommerce",
    rank=2,
    title="E-Commerce Platform API 2.3",
    base_path=BASE_PATH,
    demo_key=DEMO_KEY,
    dialect=DIALECT,
    adapter=EcommerceAdapter,
    sandbox=create_app,
)

__all__ = ["PLUGIN"]
