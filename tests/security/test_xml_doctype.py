"""Issue 11, item 4: a DTD is refused by the parser itself, in every encoding (client and emulator)."""

from __future__ import annotations

import base64

import pytest

from aiosm import ResponseParseError
from aiosm.emulator import Emulator
from aiosm.xml import parse_document, parse_element

from .conftest import NS, HostileServer, asm, raw

ENTITY_DOC = (
    '<?xml version="1.0" encoding="{enc}"?><!DOCTYPE Locations [<!ENTITY inj "INJECTED">]>'
    f"<Locations {NS}><Location><Name>&inj;</Name><DisplayName>x</DisplayName></Location></Locations>"
)
LAUGHS = (
    '<?xml version="1.0" encoding="{enc}"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9))
    + "]><lolz>&lol9;</lolz>"
)
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "iso-8859-1", "cp1252"]


def _encode(template: str, encoding: str) -> bytes:
    declared = {"utf-16-le": "utf-16", "utf-16-be": "utf-16", "utf-32": "utf-32"}.get(encoding, encoding)
    # utf-16-le/-be carry no BOM: expat detects the encoding from the first '<'.
    return template.replace("{enc}", declared).encode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_doctype_with_entity_is_refused_in_every_encoding(encoding: str) -> None:
    body = _encode(ENTITY_DOC, encoding)
    with pytest.raises(ResponseParseError, match="DOCTYPE"):
        parse_element(body)


def test_utf32_document_is_refused_as_unreadable() -> None:
    # expat has no UTF-32 decoder: such a document is refused as malformed, never expanded.
    with pytest.raises(ResponseParseError):
        parse_element(_encode(ENTITY_DOC, "utf-32"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_is_refused_before_any_expansion(encoding: str) -> None:
    with pytest.raises(ResponseParseError, match="DOCTYPE"):
        parse_document(_encode(LAUGHS, encoding))


async def test_client_refuses_a_utf16_answer_declaring_an_entity(hostile: HostileServer) -> None:
    hostile.answer(200, _encode(ENTITY_DOC, "utf-16"), {"Content-Type": "application/xml; charset=utf-16"})
    async with hostile.session() as session:
        with pytest.raises(ResponseParseError, match="DOCTYPE"):
            await session.locations.list()


async def test_client_refuses_a_utf16_billion_laughs(hostile: HostileServer) -> None:
    hostile.answer(200, _encode(LAUGHS, "utf-16"))
    async with hostile.session() as session:
        with pytest.raises(ResponseParseError, match="DOCTYPE"):
            await session.locations.list()


def test_a_plain_utf16_document_still_parses() -> None:
    body = asm("Locations", "<Location><Name>West US</Name></Location>")
    element = parse_element(('<?xml version="1.0" encoding="utf-16"?>' + body).encode("utf-16"))
    assert element[0][0].text == "West US"


async def test_emulator_refuses_a_utf16_create_body_with_an_entity(emu: Emulator) -> None:
    label = base64.b64encode(b"x").decode()
    body = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE CreateHostedService [<!ENTITY n "injected">]>'
        f"<CreateHostedService {NS}><ServiceName>&n;</ServiceName><Label>{label}</Label>"
        "<Location>West US</Location></CreateHostedService>"
    ).encode("utf-16")
    status, content_type, answer = await raw(emu, "POST", "/{sub}/services/hostedservices", body)
    assert status == 400
    assert b"<Code>InvalidXmlRequest</Code>" in answer
    assert content_type.startswith("application/xml")
    async with emu.session() as session:
        assert [s.service_name for s in await session.hosted_services.list()] == []


@pytest.mark.parametrize("encoding", ["x-unknown", "rot13", "base64", "idna", "utf-32"])
def test_an_encoding_without_a_usable_codec_is_a_parse_error(encoding: str) -> None:
    with pytest.raises(ResponseParseError):
        parse_element(f'<?xml version="1.0" encoding="{encoding}"?><r/>'.encode())


NO_DECL_DOC = (
    '<!DOCTYPE Locations [<!ENTITY inj "INJECTED">]>'
    f"<Locations {NS}><Location><Name>&inj;</Name><DisplayName>x</DisplayName></Location></Locations>"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-16"])
def test_doctype_without_a_declaration_is_refused_in_every_encoding(encoding: str) -> None:
    """The byte search that stands in for the prolog pass on small UTF-8 answers never lets a DTD by:
    without an XML declaration either (UTF-16 without a BOM starts with '<' then NUL)."""
    with pytest.raises(ResponseParseError, match="DOCTYPE"):
        parse_element(NO_DECL_DOC.encode(encoding))


def test_the_byte_search_decides_only_what_it_can_prove() -> None:
    """No prolog pass only for a small document that expat reads as UTF-8 and that has no '<!' at all."""
    from aiosm.xml import _may_declare_dtd

    plain = f"<Locations {NS}><Location><Name>a</Name></Location></Locations>".encode()
    assert not _may_declare_dtd(plain)
    assert not _may_declare_dtd(b'<?xml version="1.0" encoding="UTF-8"?>' + plain)
    assert _may_declare_dtd(b'<?xml version="1.0" encoding="iso-8859-1"?>' + plain)  # other encoding
    assert _may_declare_dtd("<Locations/>".encode("utf-16-le"))  # '<' then NUL
    assert _may_declare_dtd(b"\xef\xbb\xbf" + plain)  # BOM
    assert _may_declare_dtd(b" " + plain)  # not '<' first
    assert _may_declare_dtd(plain.replace(b"<Name>a", b"<Name><!-- c -->a"))  # a '<!' anywhere
    assert _may_declare_dtd(plain + b" " * (64 * 1024))  # large: the prolog pass is cheaper
    # Where the search says "no DTD possible", the document still parses normally.
    assert parse_element(plain).tag.endswith("Locations")
