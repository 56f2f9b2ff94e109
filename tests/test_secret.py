"""``aiosm.Secret``: the value wherever the user asks for it, masked in ``repr`` (and so in models)."""

from __future__ import annotations

import copy
import logging
import pickle

import pytest
from pydantic import SecretStr

from aiosm import LinuxConfigurationSet, Secret
from aiosm.errors import InvalidInputError
from aiosm.models import StorageServiceKeys

KEY = "GC4tYgTupbnXhkZjN3pqjbX0zyQ/key=="


def test_a_secret_is_its_value_as_a_string() -> None:
    secret = Secret(KEY)
    assert secret == KEY and isinstance(secret, str)
    assert "AccountKey=" + secret == "AccountKey=" + KEY
    assert f"{secret}" == str(secret) == "%s" % (secret,) == KEY  # noqa: UP031
    assert type(str(secret)) is str and secret.get_secret_value() == KEY
    assert len(secret) == len(KEY) and secret.startswith("GC4t")


def test_repr_masks_it_everywhere_a_model_is_shown() -> None:
    keys = StorageServiceKeys(primary=KEY, secondary=KEY[::-1])
    assert isinstance(keys.primary, Secret)
    for shown in (repr(keys.primary), repr(keys), str(keys), f"{keys!r}", repr([keys.primary])):
        assert KEY not in shown and KEY[::-1] not in shown
        assert "**********" in shown
    config = LinuxConfigurationSet("host", "user", "Pa55word!", True)
    assert "Pa55word!" not in repr(config)
    assert config.user_password == "Pa55word!"


def test_logging_a_model_does_not_show_it(caplog: pytest.LogCaptureFixture) -> None:
    keys = StorageServiceKeys(primary=KEY)
    with caplog.at_level(logging.INFO):
        logging.getLogger("user").info("got %s and %r", keys, keys)
    assert KEY not in caplog.text


def test_serialized_as_the_value() -> None:
    keys = StorageServiceKeys(primary=KEY, secondary="b")
    assert keys.model_dump() == {"primary": KEY, "secondary": "b"}
    assert KEY not in keys.model_dump_json() and "**********" in keys.model_dump_json()
    assert KEY in keys.model_dump_json(context={"reveal_secrets": True})
    assert f"<Primary>{KEY}</Primary>".encode() in keys.to_xml()
    parsed = StorageServiceKeys.from_xml(keys.to_xml())
    assert isinstance(parsed.primary, Secret) and parsed.primary == KEY


def test_copies_and_pickles_stay_secrets() -> None:
    secret = Secret(KEY)
    for other in (copy.copy(secret), copy.deepcopy(secret), pickle.loads(pickle.dumps(secret))):
        assert isinstance(other, Secret) and other == KEY and KEY not in repr(other)


def test_accepts_a_pydantic_secret_and_refuses_a_non_string() -> None:
    assert StorageServiceKeys(primary=SecretStr(KEY)).primary == KEY
    with pytest.raises(InvalidInputError) as info:
        StorageServiceKeys(primary=12345)  # type: ignore[arg-type]
    assert info.value.field.endswith("primary") and "12345" not in str(info.value)
