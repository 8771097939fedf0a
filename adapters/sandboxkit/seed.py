"""Deterministic fake data for sandbox seeding: names, places, timestamps, ids."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

FIRST_NAMES = (
    "John",
    "Jane",
    "Ava",
    "Liam",
    "Noah",
    "Emma",
    "Olivia",
    "Mia",
    "Lucas",
    "Amara",
    "Ravi",
    "Priya",
    "Chen",
    "Yuki",
    "Sofia",
    "Mateo",
    "Zara",
    "Omar",
    "Leila",
    "Hugo",
    "Ines",
    "Kofi",
)
LAST_NAMES = (
    "Doe",
    "Smith",
    "Garcia",
    "Nguyen",
    "Patel",
    "Kim",
    "Müller",
    "Rossi",
    "Silva",
    "Okafor",
    "Jensen",
    "Novak",
    "Haddad",
    "Tanaka",
    "Kowalski",
    "Dubois",
    "Larsen",
    "Moreau",
    "Singh",
)
CITIES = (
    ("San Francisco", "CA", "94102"),
    ("Austin", "TX", "73301"),
    ("Seattle", "WA", "98101"),
    ("Boston", "MA", "02108"),
    ("Denver", "CO", "80202"),
    ("Chicago", "IL", "60601"),
)
STREETS = ("Main St", "Oak Ave", "Pine Rd", "Market St", "Tech Lane", "Elm St", "Lake Dr")
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def rng_for(seed: int, vendor: str) -> random.Random:
    """A generator that gives the same data for the same seed and vendor, run after run."""
    return random.Random(f"{seed}:{vendor}")


def person(rng: random.Random, index: int) -> tuple[str, str, str]:
    """First name, last name and a unique email for the index-th person."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first.lower()}.{last.lower()}.{index}@example.com".replace("ü", "u")
    return first, last, email


def street_address(rng: random.Random) -> dict[str, str]:
    """A street, city, state, postal code and country."""
    city, state, postal = rng.choice(CITIES)
    return {
        "street": f"{rng.randint(1, 9999)} {rng.choice(STREETS)}",
        "city": city,
        "state": state,
        "postal_code": postal,
        "country": "US",
    }


def timestamp(rng: random.Random, days: int = 600) -> datetime:
    """A whole-second UTC time within `days` after 2024-01-01."""
    return EPOCH + timedelta(seconds=rng.randint(0, days * 86400))


def iso(moment: datetime) -> str:
    """An ISO 8601 UTC timestamp with a `Z`, as the vendor docs print them."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    """The current time as the vendors print it."""
    return iso(datetime.now(UTC))


def hex_id(rng: random.Random, length: int) -> str:
    """A random lowercase hex string."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def alnum_id(rng: random.Random, length: int) -> str:
    """A random lowercase alphanumeric string."""
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(length))
