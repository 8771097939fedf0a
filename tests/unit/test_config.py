"""Configuration: file plus environment, keys only from env, refusing to start naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorgraph.config import ConfigError, load_settings

VENDORS = ("techcorp", "ecommerce", "techparts", "talkingshops")


def test_no_configuration_means_sandboxes() -> None:
    assert load_settings(None, {}, VENDORS).uses_sandboxes


def test_environment_configures_vendors_and_only_those() -> None:
    env = {"VENDORGRAPH_TECHCORP_URL": "http://tc/v3", "VENDORGRAPH_TECHCORP_KEY": "s3cret"}
    settings = load_settings(None, env, VENDORS)
    assert list(settings.vendors) == ["techcorp"]
    assert settings.vendors["techcorp"].key.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)


def test_a_vendor_section_needs_its_key_variable(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.ecommerce]\nurl = "http://ec/v2"\n')
    with pytest.raises(ConfigError, match="VENDORGRAPH_ECOMMERCE_KEY"):
        load_settings(config, {}, VENDORS)
    settings = load_settings(config, {"VENDORGRAPH_ECOMMERCE_KEY": "k"}, VENDORS)
    assert settings.vendors["ecommerce"].url == "http://ec/v2"


def test_key_env_names_another_variable(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.techparts]\nurl = "http://tp/v1"\nkey_env = "TP_KEY"\n')
    with pytest.raises(ConfigError, match="TP_KEY"):
        load_settings(config, {}, VENDORS)


def test_unknown_vendor_section_is_refused_by_name(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.acme]\nurl = "http://acme"\n')
    with pytest.raises(ConfigError, match=r"vendors\.acme"):
        load_settings(config, {}, VENDORS)


def test_a_key_in_the_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.techcorp]\nurl = "http://tc"\nkey = "plain"\n')
    with pytest.raises(ConfigError, match=r"vendors\.techcorp"):
        load_settings(config, {"VENDORGRAPH_TECHCORP_KEY": "k"}, VENDORS)


def test_url_without_key_in_env_names_the_missing_variable() -> None:
    with pytest.raises(ConfigError, match="VENDORGRAPH_TALKINGSHOPS_KEY"):
        load_settings(None, {"VENDORGRAPH_TALKINGSHOPS_URL": "http://ts/v1"}, VENDORS)


def test_server_settings_from_environment() -> None:
    settings = load_settings(
        None, {"VENDORGRAPH_PORT": "9001", "VENDORGRAPH_DEADLINE_S": "3"}, VENDORS
    )
    assert (settings.server.port, settings.server.deadline_s) == (9001, 3.0)


def test_invalid_value_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text("[server]\nport = 99999\n")
    with pytest.raises(ConfigError, match=r"server\.port"):
        load_settings(config, {}, VENDORS)


def test_a_vendors_concurrency_comes_from_its_section_or_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.techcorp]\nurl = "http://tc/v3"\nmax_concurrency = 8\n')
    env = {"VENDORGRAPH_TECHCORP_KEY": "k", "VENDORGRAPH_ECOMMERCE_URL": "http://ec/v2"}
    env["VENDORGRAPH_ECOMMERCE_KEY"] = "k2"
    settings = load_settings(config, env, VENDORS)
    assert settings.vendors["techcorp"].max_concurrency == 8
    assert settings.vendors["ecommerce"].max_concurrency == 100
    env["VENDORGRAPH_TECHCORP_MAX_CONCURRENCY"] = "3"
    assert load_settings(config, env, VENDORS).vendors["techcorp"].max_concurrency == 3


def test_an_unusable_concurrency_is_refused_naming_the_vendor() -> None:
    env = {"VENDORGRAPH_TECHCORP_URL": "http://tc/v3", "VENDORGRAPH_TECHCORP_KEY": "k"}
    env["VENDORGRAPH_TECHCORP_MAX_CONCURRENCY"] = "0"
    with pytest.raises(ConfigError, match=r"vendors\.techcorp\.max_concurrency"):
        load_settings(None, env, VENDORS)
