"""Settings: defaults, environment overrides, and clear errors for bad values."""

from __future__ import annotations

import pytest

from claimwatch.config import load_settings
from claimwatch.errors import ConfigError


def test_environment_overrides_defaults(tmp_path) -> None:
    settings = load_settings({"CLAIMWATCH_DATA_DIR": str(tmp_path), "CLAIMWATCH_RETRIES": "0", "CLAIMWATCH_CONTACT": "ops@newsroom.example"})
    assert settings.resolved_db_url == f"sqlite:///{tmp_path}/claimwatch.db"
    assert settings.retries == 0
    assert settings.user_agent.endswith("+ops@newsroom.example)")


def test_db_url_from_environment_wins() -> None:
    assert load_settings({"CLAIMWATCH_DB": "postgresql://cw@db/claims"}).resolved_db_url == "postgresql://cw@db/claims"


@pytest.mark.parametrize(("name", "value", "words"), [("CLAIMWATCH_RETRIES", "two", "is not a whole number"), ("CLAIMWATCH_READ_TIMEOUT", "-1", "negative")])
def test_bad_environment_values_say_what_to_set(name: str, value: str, words: str) -> None:
    with pytest.raises(ConfigError, match=f"{name}=.*{words}"):
        load_settings({name: value})
