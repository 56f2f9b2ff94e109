"""Issue 11, items 5, 7 and 11 (character references): CDATA cannot unmask a secret in an error
message, deep nesting is a typed error (client) or a 400 (emulator), and a character reference
XML 1.0 forbids does not fail a whole document."""

from __future__ import annotations

import base64
import logging

import pytest

from aiosm import BadRequestError, ResponseParseError
from aiosm.emulator import Emulator
from aiosm.models.deployments import Deployment
from aiosm.models.storage_accounts import StorageService
from aiosm.xml import MAX_DEPTH, excerpt, parse_document, parse_element

from .conftest import NS, HostileServer, asm, raw

SECRET = "S3CRET-KEY-VALUE"


@pytest.mark.parametrize(
    "secret_xml",
    [
        f"<Primary><![CDATA[{SECRET}]]></Primary>",
        f"<Secondary>\n<![CDATA[{SECRET}]]></Secondary>",
        f"<Primary><![CDATA[</Primary>{SECRET}]]></Primary>",
        f"<Primary><!-- c -->{SECRET}</Primary>",
        f"<AdminPassword><![CDATA[{SECRET}]]></AdminPassword>",
        f'<x:UserPassword a="1"><![CDATA[{SECRET}]]></x:UserPassword>',
        f"<ClientSecret>{SECRET}</ClientSecret>",
        f"<Primary><![CDATA[{SECRET}",  # cut by the excerpt's limit
    ],
)
def test_excerpt_masks_secret_elements_whatever_their_content(secret_xml: str) -> None:
    assert SECRET not in excerpt(f"<StorageService><Keys>{secret_xml}</Keys>")


def test_excerpt_masks_every_secretstr_field_of_a_model() -> None:
    # <Password> (a VM's Windows/Linux configuration) is a SecretStr field: general, not a list.
    assert SECRET not in excerpt(f"<Cfg><Password><![CDATA[{SECRET}]]></Password></Cfg>")
    assert "<Name>visible</Name>" in excerpt("<Cfg><Name>visible</Name></Cfg>")


async def test_malformed_keys_answer_does_not_quote_a_cdata_key(hostile: HostileServer) -> None:
    body = asm(
        "StorageService",
        f"<StorageServiceKeys><Primary><![CDATA[{SECRET}]]></Primary></StorageServiceKeys><Unclosed>",
    )
    hostile.answer(200, body)
    async with hostile.session() as session:
        with pytest.raises(ResponseParseError) as info:
            await session.storage_accounts.get_keys("victim")
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.excerpt)


def test_a_cdata_key_still_parses_as_a_secret() -> None:
    keys_xml = f"<StorageServiceKeys><Primary><![CDATA[{SECRET}]]></Primary></StorageServiceKeys>"
    body = asm("StorageService", keys_xml)
    keys = StorageService.from_xml(body).storage_service_keys
    assert keys is not None and keys.primary is not None
    assert keys.primary.get_secret_value() == SECRET


def _nested(depth: int) -> str:
    return "<N>" * depth + "x" + "</N>" * depth


def test_deep_document_is_a_parse_error_not_recursion() -> None:
    with pytest.raises(ResponseParseError, match="deeper than"):
        parse_document(asm("Error", _nested(2000)))


def test_documents_up_to_the_depth_limit_parse() -> None:
    parsed = parse_document(_nested(MAX_DEPTH))
    assert parsed["N"] is not None


async def test_deep_error_answer_is_a_typed_error(hostile: HostileServer) -> None:
    hostile.answer(400, asm("Error", "<Code>BadRequest</Code>" + _nested(2000)))
    async with hostile.session() as session:
        with pytest.raises(BadRequestError):
            await session.locations.list()


async def test_emulator_answers_400_to_a_cscfg_nested_2000_deep(emu: Emulator) -> None:
    async with emu.session() as session:
        await session.hosted_services.create("deepsvc", "deep", location="West US")
    cscfg = "<ServiceConfiguration>" + _nested(2000) + "</ServiceConfiguration>"
    body = (
        f"<CreateDeployment {NS}><Name>d</Name><PackageUrl>https://x/p.cspkg</PackageUrl>"
        f"<Label>{base64.b64encode(b'd').decode()}</Label>"
        f"<Configuration>{base64.b64encode(cscfg.encode()).decode()}</Configuration></CreateDeployment>"
    ).encode()
    status, content_type, answer = await raw(
        emu, "POST", "/{sub}/services/hostedservices/deepsvc/deploymentslots/production", body
    )
    assert status == 400, answer
    assert content_type.startswith("application/xml") and b"<Error" in answer


DEPLOYMENT = asm(
    "Deployment",
    "<Name>d1</Name><DeploymentSlot>Production</DeploymentSlot><Status>Running</Status>"
    "<Label>ZDE=</Label><RoleInstanceList><RoleInstance><RoleName>WebRole1</RoleName>"
    "<InstanceName>WebRole1_IN_0</InstanceName><InstanceStatus>ReadyRole</InstanceStatus>"
    "<InstanceStateDetails>Starting&#x1; role&#0;&#xFFFE;.&#x9;ok&#233;</InstanceStateDetails>"
    "</RoleInstance></RoleInstanceList>",
)


def test_forbidden_character_references_are_replaced_not_fatal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="aiosm"):
        deployment = Deployment.from_xml(DEPLOYMENT)
    details = deployment.role_instance_list[0].instance_state_details
    assert details == "Starting\ufffd role\ufffd\ufffd.\tok\u00e9"
    assert any("forbids" in r.getMessage() and r.levelno == logging.DEBUG for r in caplog.records)


def test_forbidden_character_references_in_utf16() -> None:
    body = ('<?xml version="1.0" encoding="utf-16"?><r>a&#x2;b</r>').encode("utf-16")
    assert parse_element(body).text == "a\ufffdb"


async def test_get_deployment_survives_a_control_character_reference(hostile: HostileServer) -> None:
    hostile.answer(200, DEPLOYMENT)
    async with hostile.session() as session:
        deployment = await session.deployments.get_by_slot("svc", "production")
    assert deployment.role_instance_list[0].instance_state_details.startswith("Starting\ufffd")


@pytest.mark.parametrize(
    "reference", ["&#x0000000001;", "&#" + "9" * 5000 + ";", "&#x" + "f" * 100 + ";", "&#00000000000065;"]
)
def test_odd_character_references_never_escape_as_other_errors(reference: str) -> None:
    text = parse_element(f"<r>a{reference}b</r>".encode()).text
    assert text in ("a\ufffdb", "aAb")


def test_other_malformed_documents_still_fail() -> None:
    with pytest.raises(ResponseParseError):
        parse_element(b"<r>&#x1;<unclosed></r>")


def test_model_parsing_depth_is_bounded_by_the_models_themselves() -> None:
    """``from_xml`` walks only the fields a model declares, so a hostile document cannot make it
    recurse deeper than the deepest model: no model may contain itself, and none may nest deeper
    than MAX_DEPTH (parse_document's walk is bounded separately)."""
    import aiosm.models  # noqa: F401 - registers every model
    from aiosm.xml import XmlModel

    def subclasses(cls: type[XmlModel]) -> list[type[XmlModel]]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    def depth(cls: type[XmlModel], seen: tuple[type[XmlModel], ...] = ()) -> int:
        assert cls not in seen, f"{cls.__name__} contains itself"
        nested = [depth(p.model, (*seen, cls)) for p in cls._plan() if p.model is not None]
        return 1 + max(nested, default=0)

    models = subclasses(XmlModel)
    assert len(models) > 20
    assert max(depth(m) for m in models) < MAX_DEPTH
