"""The `[resilience]` knobs: defaults, file, environment overrides, and the transports they tune."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorgraph.adapters import plugin
from vendorgraph.config import ConfigError, load_settings
from vendorgraph.upstream.resilience import DEFAULT_POLICY
from vendorgraph.upstream.stack import build_stack, resilience_policy, shared_stores

VENDORS = ("techcorp", "ecommerce", "techparts", "talkingshops")


def test_without_configuration_the_policy_is_the_built_in_default() -> None:
    settings = load_settings(None, {}, VENDORS)
    assert resilience_policy(settings.resilience) == DEFAULT_POLICY


def test_the_file_section_sets_the_knobs(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text(
        "[resilience]\nmax_attempts = 5\nbreaker_threshold = 2\n"
        "breaker_cooldown_s = 0.5\nattempt_timeout_s = 1.5\n"
    )
    policy = resilience_policy(load_settings(config, {}, VENDORS).resilience)
    assert (policy.max_attempts, policy.breaker_threshold) == (5, 2)
    assert (policy.breaker_cooldown, policy.attempt_timeout) == (0.5, 1.5)


def test_environment_variables_override_the_file(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text("[resilience]\nbreaker_cooldown_s = 30\nmax_attempts = 4\n")
    env = {
        "VENDORGRAPH_BREAKER_COOLDOWN_S": "2.5",
        "VENDORGRAPH_BREAKER_THRESHOLD": "3",
        "VENDORGRAPH_BACKOFF_BASE_S": "0.05",
        "VENDORGRAPH_BACKOFF_CAP_S": "1",
    }
    policy = resilience_policy(load_settings(config, env, VENDORS).resilience)
    assert (policy.breaker_cooldown, policy.breaker_threshold) == (2.5, 3)
    assert (policy.backoff_base, policy.backoff_cap) == (0.05, 1.0)
    assert policy.max_attempts == 4


@pytest.mark.parametrize(
    ("variable", "value", "where"),
    [
        ("VENDORGRAPH_MAX_ATTEMPTS", "0", "resilience.max_attempts"),
        ("VENDORGRAPH_BREAKER_THRESHOLD", "many", "resilience.breaker_threshold"),
        ("VENDORGRAPH_BREAKER_COOLDOWN_S", "-1", "resilience.breaker_cooldown_s"),
        ("VENDORGRAPH_ATTEMPT_TIMEOUT_S", "0", "resilience.attempt_timeout_s"),
    ],
)
def test_an_unusable_value_is_refused_naming_the_knob(
    variable: str, value: str, where: str
) -> None:
    with pytest.raises(ConfigError, match=where):
        load_settings(None, {variable: value}, VENDORS)


def test_an_unknown_knob_in_the_section_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text("[resilience]\nbreaker_treshold = 2\n")
    with pytest.raises(ConfigError, match="breaker_treshold"):
        load_settings(config, {}, VENDORS)


async def test_every_vendor_transport_follows_the_configured_policy() -> None:
    env = {"VENDORGRAPH_BREAKER_THRESHOLD": "2", "VENDORGRAPH_BREAKER_COOLDOWN_S": "7"}
    settings = load_settings(None, env, VENDORS)
    stores = shared_stores(settings)
    techcorp = plugin("techcorp")
    stack = build_stack(techcorp.name, techcorp.dialect, settings, stores)
    try:
        assert stack.resilience.policy.max_attempts == DEFAULT_POLICY.max_attempts
        assert (stack.resilience.breaker.threshold, stack.resilience.breaker.cooldown) == (2, 7.0)
    finally:
        await stack.transport.aclose()
        await stores.aclose()
