"""The TechParts product lines the sandbox seeds its catalogue from: models, makers, specs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Model:
    """One base product: its code in ids, brand code in SKUs, display name, price in USD, and
    spec values in the order of its line's `spec_keys`."""

    code: str
    brand: str
    name: str
    price: str
    specs: tuple[Any, ...]
    maker: str | None = None
    """The manufacturer when the brand makes it itself (CPUs); else the line's makers apply."""


@dataclass(frozen=True, slots=True)
class Maker:
    """A manufacturer building a model: its code in ids, display name, series and price premium."""

    code: str
    name: str
    series: str
    premium: str = "0"


@dataclass(frozen=True, slots=True)
class Line:
    """A category of products: every model by every maker, in every edition."""

    category: str
    prefix: str
    warranty: str
    spec_keys: tuple[str, ...]
    models: tuple[Model, ...]
    makers: tuple[Maker, ...] = ()
    editions: tuple[str, ...] = ("",)
    maker_first: bool = True
    """Names read "Maker Series Model" (True) or "Model Maker Series" (graphics cards)."""

    def specifications(self, model: Model) -> dict[str, Any]:
        """A model's specifications keyed by this line's spec names."""
        return dict(zip(self.spec_keys, model.specs, strict=True))


GRAPHICS = Line(
    category="graphics-cards",
    prefix="GPU",
    warranty="3 years",
    spec_keys=("memory", "cuda_cores", "boost_clock", "power_consumption"),
    maker_first=False,
    makers=(
        Maker("MSI", "MSI", "Gaming X Trio"),
        Maker("ASUS", "ASUS", "TUF Gaming OC", "20"),
        Maker("GIGA", "Gigabyte", "Aorus Master", "40"),
        Maker("ZOTAC", "Zotac", "Trinity", "-20"),
        Maker("PNY", "PNY", "Verto", "-30"),
    ),
    models=(
        Model("4090", "NV", "NVIDIA GeForce RTX 4090", "1599.99",
              ("24GB GDDR6X", 16384, "2520 MHz", "450W")),
        Model("4080", "NV", "NVIDIA GeForce RTX 4080", "1199.99",
              ("16GB GDDR6X", 9728, "2505 MHz", "320W")),
        Model("4070TI", "NV", "NVIDIA GeForce RTX 4070 Ti", "799.99",
              ("12GB GDDR6X", 7680, "2610 MHz", "285W")),
        Model("4070", "NV", "NVIDIA GeForce RTX 4070", "599.99",
              ("12GB GDDR6X", 5888, "2475 MHz", "200W")),
        Model("4060", "NV", "NVIDIA GeForce RTX 4060", "299.99",
              ("8GB GDDR6", 3072, "2460 MHz", "115W")),
        Model("3060", "NV", "NVIDIA GeForce RTX 3060", "289.99",
              ("12GB GDDR6", 3584, "1777 MHz", "170W")),
    ),
)  # fmt: skip

PROCESSORS = Line(
    category="processors",
    prefix="CPU",
    warranty="3 years",
    spec_keys=("cores", "threads", "base_clock", "boost_clock", "tdp", "socket"),
    editions=("Boxed", "Tray"),
    models=(
        Model("5950X", "AMD", "AMD Ryzen 9 5950X", "549.99",
              (16, 32, "3.4 GHz", "4.9 GHz", "105W", "AM4"), maker="AMD"),
        Model("7950X", "AMD", "AMD Ryzen 9 7950X", "699.99",
              (16, 32, "4.5 GHz", "5.7 GHz", "170W", "AM5"), maker="AMD"),
        Model("7800X3D", "AMD", "AMD Ryzen 7 7800X3D", "449.99",
              (8, 16, "4.2 GHz", "5.0 GHz", "120W", "AM5"), maker="AMD"),
        Model("7600X", "AMD", "AMD Ryzen 5 7600X", "299.99",
              (6, 12, "4.7 GHz", "5.3 GHz", "105W", "AM5"), maker="AMD"),
        Model("14900K", "INT", "Intel Core i9-14900K", "589.99",
              (24, 32, "3.2 GHz", "6.0 GHz", "125W", "LGA1700"), maker="INTEL"),
        Model("14700K", "INT", "Intel Core i7-14700K", "409.99",
              (20, 28, "3.4 GHz", "5.6 GHz", "125W", "LGA1700"), maker="INTEL"),
        Model("13600K", "INT", "Intel Core i5-13600K", "319.99",
              (14, 20, "3.5 GHz", "5.1 GHz", "125W", "LGA1700"), maker="INTEL"),
        Model("12400F", "INT", "Intel Core i5-12400F", "149.99",
              (6, 12, "2.5 GHz", "4.4 GHz", "65W", "LGA1700"), maker="INTEL"),
    ),
)  # fmt: skip

MEMORY = Line(
    category="memory",
    prefix="RAM",
    warranty="Lifetime",
    spec_keys=("capacity", "type", "speed", "latency"),
    makers=(
        Maker("CORS", "Corsair", "Vengeance"),
        Maker("GSK", "G.Skill", "Trident Z5", "10"),
        Maker("KING", "Kingston", "Fury Beast", "-5"),
        Maker("CRU", "Crucial", "Pro", "-10"),
    ),
    models=(
        Model("D5-6000-32", "D5", "32GB (2x16GB) DDR5-6000", "109.99",
              ("32GB", "DDR5", "6000 MT/s", "CL30")),
        Model("D5-6400-64", "D5", "64GB (2x32GB) DDR5-6400", "219.99",
              ("64GB", "DDR5", "6400 MT/s", "CL32")),
        Model("D4-3600-32", "D4", "32GB (2x16GB) DDR4-3600", "79.99",
              ("32GB", "DDR4", "3600 MT/s", "CL18")),
        Model("D4-3200-16", "D4", "16GB (2x8GB) DDR4-3200", "44.99",
              ("16GB", "DDR4", "3200 MT/s", "CL16")),
    ),
)  # fmt: skip

STORAGE = Line(
    category="storage",
    prefix="SSD",
    warranty="5 years",
    spec_keys=("capacity", "interface", "read_speed", "write_speed"),
    makers=(
        Maker("SAM", "Samsung", "990 Pro", "20"),
        Maker("WD", "Western Digital", "WD_Black SN850X", "10"),
        Maker("CRU", "Crucial", "T500"),
        Maker("SAB", "Sabrent", "Rocket 4 Plus", "15"),
    ),
    models=(
        Model("NVME-1TB", "NV4", "1TB NVMe M.2 SSD", "89.99",
              ("1TB", "PCIe 4.0 x4", "7000 MB/s", "6000 MB/s")),
        Model("NVME-2TB", "NV4", "2TB NVMe M.2 SSD", "159.99",
              ("2TB", "PCIe 4.0 x4", "7300 MB/s", "6600 MB/s")),
        Model("NVME-4TB", "NV4", "4TB NVMe M.2 SSD", "299.99",
              ("4TB", "PCIe 4.0 x4", "7400 MB/s", "6900 MB/s")),
        Model("SATA-2TB", "SAT", '2TB SATA 2.5" SSD', "119.99",
              ("2TB", "SATA III", "560 MB/s", "530 MB/s")),
    ),
)  # fmt: skip

POWER = Line(
    category="power-supplies",
    prefix="PSU",
    warranty="10 years",
    spec_keys=("wattage", "efficiency", "modular"),
    makers=(
        Maker("CORS", "Corsair", "RMx"),
        Maker("SEAS", "Seasonic", "Focus GX", "5"),
        Maker("BEQ", "be quiet!", "Straight Power 12", "15"),
        Maker("EVGA", "EVGA", "SuperNOVA G7", "-5"),
    ),
    models=(
        Model("650W", "GLD", "650W 80+ Gold", "89.99", ("650W", "80+ Gold", "Fully modular")),
        Model("850W", "GLD", "850W 80+ Gold", "129.99", ("850W", "80+ Gold", "Fully modular")),
        Model("1000W", "PLT", "1000W 80+ Platinum", "199.99",
              ("1000W", "80+ Platinum", "Fully modular")),
        Model("1200W", "PLT", "1200W 80+ Platinum", "269.99",
              ("1200W", "80+ Platinum", "Fully modular")),
    ),
)  # fmt: skip

MOTHERBOARDS = Line(
    category="motherboards",
    prefix="MB",
    warranty="3 years",
    spec_keys=("chipset", "socket", "form_factor", "memory"),
    makers=(
        Maker("ASUS", "ASUS", "ROG Strix", "40"),
        Maker("MSI", "MSI", "MAG Tomahawk"),
        Maker("GIGA", "Gigabyte", "Aorus Elite", "10"),
        Maker("ASR", "ASRock", "Steel Legend", "-15"),
    ),
    models=(
        Model("X670E", "AMD", "X670E ATX Motherboard", "299.99", ("X670E", "AM5", "ATX", "DDR5")),
        Model("B650", "AMD", "B650 ATX Motherboard", "189.99", ("B650", "AM5", "ATX", "DDR5")),
        Model("Z790", "INT", "Z790 ATX Motherboard", "279.99", ("Z790", "LGA1700", "ATX", "DDR5")),
        Model("B760", "INT", "B760 Micro-ATX Motherboard", "149.99",
              ("B760", "LGA1700", "Micro-ATX", "DDR5")),
    ),
)  # fmt: skip

LINES = (GRAPHICS, PROCESSORS, MEMORY, STORAGE, POWER, MOTHERBOARDS)

MAKER_NAMES = {"AMD": "AMD", "INTEL": "Intel"}
"""Display names of brands that make their own products (Model.maker)."""
