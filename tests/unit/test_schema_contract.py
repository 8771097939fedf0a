"""The exported schema file is current, and the schema documents every type and field."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from vendorgraph.api.schema import build_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_schema_file_matches_the_code() -> None:
    exported = build_schema().as_str() + "\n"
    assert SCHEMA_FILE.read_text() == exported, "schema/schema.graphql is stale: run `make schema`"


def test_every_type_and_field_has_a_description() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in {"Query", "Mutation", "String", "Int", "Boolean", "ID"}:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in kind.fields.items() if not field.description]
    for root in (schema.query_type, schema.mutation_type):
        assert root is not None
        missing += [f"{root.name}.{f}" for f, field in root.fields.items() if not field.description]
    assert missing == []


def test_vendor_enum_lists_the_four_vendors_in_order() -> None:
    vendor = build_schema()._schema.type_map["Vendor"]
    assert isinstance(vendor, GraphQLEnumType)
    assert list(vendor.values) == ["TECHCORP", "ECOMMERCE", "TECHPARTS", "TALKINGSHOPS"]
