"""The XML model layer: element names, wire order, base64, escaping, lists, parsing safety, secrets."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Annotated

import pytest
from conftest import NS_ATTRS, b64, doc
from pydantic import Field

from aiosm import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DomainJoin,
    DomainJoinCredentials,
    InvalidInputError,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ResponseParseError,
    WindowsConfigurationSet,
)
from aiosm.models.storage_accounts import StorageService, StorageServiceKeys
from aiosm.xml import (
    ATTRIBUTE,
    KEEP_EMPTY,
    OMIT_EMPTY,
    Base64,
    XmlDict,
    XmlList,
    XmlModel,
    element_name,
    escape_text,
    parse_document,
)


class Item(XmlModel):
    name: str = ""
    size: int | None = None


class Sample(XmlModel):
    __xml_root__ = "Sample"
    service_name: str | None = None
    label: Annotated[str | None, Base64] = None
    items: Annotated[list[Item] | None, XmlList("Item")] = None
    tags: Annotated[list[str] | None, XmlList("Tag")] = None
    props: Annotated[dict[str, str] | None, XmlDict()] = None
    enabled: bool | None = None


class Reply(XmlModel):
    __xml_root__ = "Reply"
    label: Annotated[str, Base64] = ""
    count: int | None = None
    flag: bool | None = None
    items: Annotated[list[Item], XmlList("Item")] = []
    names: Annotated[list[str], XmlList("Name", wrapper=False), Field(alias="Name")] = []


@pytest.mark.parametrize(
    ("field", "element"),
    [
        ("role_instance_list", "RoleInstanceList"),
        ("private_id", "PrivateID"),
        ("os_virtual_hard_disk", "OSVirtualHardDisk"),
        ("logical_size_in_gb", "LogicalSizeInGB"),
        ("public_ips", "PublicIPs"),
        ("vm_image_name", "VMImageName"),
        ("fqdn", "FQDN"),
    ],
)
def test_element_name(field: str, element: str) -> None:
    assert element_name(field) == element


def test_to_xml_order_namespaces_and_omissions() -> None:
    body = Sample(
        service_name="a<b>&c",
        label="Ünïcode & <label>",
        items=[Item(name="x", size=1), Item(name="y")],
        tags=["t1"],
        props={"k": "v&"},
        enabled=False,
    ).to_xml()
    assert (
        body
        == (
            f"<Sample{NS_ATTRS}><ServiceName>a&lt;b&gt;&amp;c</ServiceName>"
            f"<Label>{b64('Ünïcode & <label>')}</Label>"
            "<Items><Item><Name>x</Name><Size>1</Size></Item><Item><Name>y</Name></Item></Items>"
            "<Tags><Tag>t1</Tag></Tags>"
            "<Props><ExtendedProperty><Name>k</Name><Value>v&amp;</Value></ExtendedProperty></Props>"
            "<Enabled>false</Enabled></Sample>"
        ).encode()
    )
    assert isinstance(body, bytes)
    assert not body.startswith(b"<?xml")


def test_none_fields_and_empty_dict_are_not_written() -> None:
    assert Sample(props={}).to_xml() == f"<Sample{NS_ATTRS}></Sample>".encode()


def test_escape_text() -> None:
    assert escape_text("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape_text("plain") == "plain"


def test_from_xml_typed_and_lists() -> None:
    reply = Reply.from_xml(
        doc(
            "Reply",
            f"<Label>{b64('héllo')}</Label><Count>42</Count><Flag>true</Flag>"
            "<Items><Item><Name>a</Name><Size>3</Size></Item></Items><Name>n1</Name><Name>n2</Name>",
        )
    )
    assert reply.label == "héllo"
    assert reply.count == 42
    assert reply.flag is True
    assert reply.items == [Item(name="a", size=3)]
    assert reply.names == ["n1", "n2"]


def test_from_xml_single_and_empty_lists() -> None:
    one = Reply.from_xml(doc("Reply", "<Items><Item><Name>a</Name></Item></Items><Name>only</Name>"))
    assert one.items == [Item(name="a")]
    assert one.names == ["only"]
    empty = Reply.from_xml(doc("Reply", "<Items/>"))
    assert empty.items == [] and empty.names == []
    assert empty.label == "" and empty.count is None


def test_from_xml_ignores_unknown_elements_and_attributes() -> None:
    reply = Reply.from_xml(doc("Reply", '<Unknown>x</Unknown><Count i:nil="false">1</Count>'))
    assert reply.count == 1


def test_from_xml_wrong_root() -> None:
    with pytest.raises(ResponseParseError) as info:
        Reply.from_xml(doc("Other"), request_id="rid1")
    assert "<Reply>" in str(info.value)
    assert info.value.request_id == "rid1"


def test_from_xml_bad_types() -> None:
    with pytest.raises(ResponseParseError) as info:
        Reply.from_xml(doc("Reply", "<Count>many</Count>"), request_id="rid2")
    assert "count" in str(info.value).lower()
    assert info.value.excerpt.startswith("<Reply")


def test_excerpt_is_bounded() -> None:
    body = doc("Reply", "<Count>x</Count>" + "<Pad>p</Pad>" * 200)
    with pytest.raises(ResponseParseError) as info:
        Reply.from_xml(body)
    assert len(info.value.excerpt) == 200


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.com/r.dtd"><r/>',
    ],
)
def test_parse_document_refuses_doctype_and_entities(body: bytes) -> None:
    with pytest.raises(ResponseParseError) as info:
        parse_document(body)
    assert "DOCTYPE" in str(info.value)


def test_an_entity_declaration_outside_a_doctype_is_malformed() -> None:
    # Expat only knows entity declarations inside a DTD: elsewhere the document is not XML.
    with pytest.raises(ResponseParseError, match="malformed"):
        parse_document(b'<!ENTITY x "y"><r/>')


def test_parse_document_strips_namespace_prefix() -> None:
    parsed = parse_document(b'<a:Root xmlns:a="urn:x"><a:Child>1</a:Child></a:Root>')
    assert list(parsed) == ["Root"]


def test_parse_document_malformed_and_empty() -> None:
    with pytest.raises(ResponseParseError):
        parse_document(b"<Root>")
    with pytest.raises(ResponseParseError):
        parse_document(b"")


# -- request models --------------------------------------------------------------------------------


def test_linux_set_positional_and_type_attribute() -> None:
    config = LinuxConfigurationSet("myhostname", "myuser", "mypassword", True)
    assert config.host_name == "myhostname"
    assert config.user_name == "myuser"
    assert config.user_password is not None and config.user_password.get_secret_value() == "mypassword"
    assert config.disable_ssh_password_authentication is True
    with pytest.raises(TypeError):
        LinuxConfigurationSet("h", "u", "p", True, "cd", "extra")
    with pytest.raises(TypeError):
        LinuxConfigurationSet("h", host_name="again")


def test_os_disk_positional() -> None:
    disk = OSVirtualHardDisk("image", "https://m/x.vhd")
    assert (disk.source_image_name, disk.media_link) == ("image", "https://m/x.vhd")


def test_input_endpoint_positional() -> None:
    endpoint = ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22)
    assert (endpoint.name, endpoint.protocol, endpoint.port, endpoint.local_port) == ("ssh", "tcp", 22, 22)


def test_network_set_type_attribute() -> None:
    assert (
        ConfigurationSet().to_xml()
        == (
            f'<ConfigurationSet{NS_ATTRS} i:type="NetworkConfigurationSet">'
            "<ConfigurationSetType>NetworkConfiguration</ConfigurationSetType></ConfigurationSet>"
        ).encode()
    )


# -- secrets ------------------------------------------------------------------------------------------

SECRET = "Tr0ub4dor&3-secret"


def secret_models() -> list[object]:
    return [
        LinuxConfigurationSet("h", "u", SECRET, False),
        WindowsConfigurationSet("pc", SECRET),
        WindowsConfigurationSet(
            "pc",
            "other-pass",
            domain_join=DomainJoin(
                credentials=DomainJoinCredentials(domain="d", username="u", password=SECRET)
            ),
        ),
        StorageService(storage_service_keys=StorageServiceKeys(primary=SECRET, secondary=SECRET)),
    ]


@pytest.mark.parametrize("model", secret_models())
def test_secrets_not_in_repr_or_str(model: XmlModel) -> None:
    for text in (repr(model), str(model), model.model_dump_json(), f"{model}", f"{model!r}"):
        assert SECRET not in text


@pytest.mark.parametrize("model", secret_models()[:3])
def test_secrets_are_sent_in_the_body(model: XmlModel) -> None:
    assert escape_text(SECRET).encode() in model.to_xml()


KEYS_DOC = doc(
    "StorageService",
    f"<Url>u</Url><StorageServiceKeys><Primary>{b64(SECRET)}</Primary>"
    f"<Secondary>{b64(SECRET)}</Secondary></StorageServiceKeys>",
)


@pytest.mark.parametrize(
    "body",
    [
        # a get_keys answer the model cannot read: a bad date after the keys
        KEYS_DOC.replace(
            "</StorageService>",
            "<StorageServiceProperties><CreationTime>not-a-date</CreationTime></StorageServiceProperties>"
            "</StorageService>",
        ),
        KEYS_DOC.replace("</StorageService>", "<Bad>"),  # malformed
        KEYS_DOC.replace("StorageService", "Reply"),  # wrong root
        KEYS_DOC.replace("<Secondary>", f"<Secondary>{SECRET}").replace("</StorageServiceKeys>", ""),
    ],
    ids=["bad-date", "malformed", "wrong-root", "raw-key-malformed"],
)
def test_parse_errors_do_not_echo_keys(body: str) -> None:
    with pytest.raises(ResponseParseError) as info:
        StorageService.from_xml(body.encode())
    error: BaseException | None = info.value
    while error is not None:  # the message, the excerpt, and every chained cause
        assert SECRET not in str(error) and b64(SECRET) not in str(error)
        error = error.__cause__ or error.__context__
    assert "<Primary>" in info.value.excerpt  # still useful: the tags stay


def test_parse_error_keeps_a_bad_value_that_is_no_secret() -> None:
    body = doc(
        "StorageService",
        "<StorageServiceProperties><CreationTime>x</CreationTime></StorageServiceProperties>",
    )
    with pytest.raises(ResponseParseError) as info:
        StorageService.from_xml(body.encode())
    assert "CreationTime>x<" in info.value.excerpt


@pytest.mark.parametrize(
    "build",
    [
        lambda: LinuxConfigurationSet("h", "u", 12345678901, False),
        lambda: LinuxConfigurationSet("h", "u", SECRET, "maybe"),
        lambda: WindowsConfigurationSet("pc", SECRET, "perhaps"),
        lambda: DomainJoinCredentials(domain=1, username="u", password=SECRET),
        lambda: WindowsConfigurationSet(
            "pc", SECRET, domain_join={"credentials": {"password": SECRET}, "join_domain": 5}
        ),
    ],
)
def test_model_validation_errors_are_invalid_input_without_values(build: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        build()  # type: ignore[operator]
    assert SECRET not in str(info.value) and "12345678901" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


# -- namespaces and envelopes per model family ------------------------------------------------------

SQL_NS = "http://schemas.microsoft.com/sqlazure/2010/12/"


class _SqlServer(XmlModel):
    __xml_root__ = "Server"
    __xml_ns__ = SQL_NS
    administrator_login: str | None = None
    location: str | None = None


class _AtomNamespace(XmlModel):
    __xml_root__ = "NamespaceDescription"
    __xml_ns__ = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect"
    __xml_envelope__ = "atom"
    region: str | None = None


def test_a_family_namespace_is_written_and_read() -> None:
    body = _SqlServer(administrator_login="admin", location="West US").to_xml()
    root = ET.fromstring(body)
    assert root.tag == f"{{{SQL_NS}}}Server"
    assert [child.tag for child in root] == [f"{{{SQL_NS}}}AdministratorLogin", f"{{{SQL_NS}}}Location"]
    assert _SqlServer.from_xml(body).location == "West US"
    # An element of another namespace is not this model's field.
    other = f'<Server xmlns="{SQL_NS}"><Location xmlns="urn:other">x</Location></Server>'
    assert _SqlServer.from_xml(other).location is None


def test_an_atom_entry_envelope_is_written_and_read() -> None:
    body = _AtomNamespace(region="West US").to_xml()
    entry = ET.fromstring(body)
    assert entry.tag == "{http://www.w3.org/2005/Atom}entry"
    content = entry.find("{http://www.w3.org/2005/Atom}content")
    assert content is not None and content[0].tag.endswith("}NamespaceDescription")
    assert _AtomNamespace.from_xml(body).region == "West US"
    with pytest.raises(ResponseParseError, match="no <content>"):
        _AtomNamespace.from_xml('<entry xmlns="http://www.w3.org/2005/Atom"/>')


class _Omitting(XmlModel):
    __xml_root__ = "Thing"
    kept: str = ""
    omitted: Annotated[str, OMIT_EMPTY] = ""


def test_empty_text_is_omitted_only_where_declared() -> None:
    # No meaning is read into a default: an empty string is written unless the field says OMIT_EMPTY.
    assert _Omitting().to_xml().endswith(b"><Kept></Kept></Thing>")
    assert b"<Omitted>x</Omitted>" in _Omitting(omitted="x").to_xml()


class _Optional(XmlModel):
    __xml_root__ = "Thing"
    kept: Annotated[str | None, KEEP_EMPTY] = None
    plain: str | None = None


def test_keep_empty_tells_an_empty_element_from_an_absent_one() -> None:
    empty = _Optional.from_xml("<Thing><Kept/><Plain/></Thing>")
    assert (empty.kept, empty.plain) == ("", None)
    assert empty.to_xml().endswith(b"><Kept></Kept></Thing>")  # written back as it came
    absent = _Optional.from_xml("<Thing/>")
    assert absent.kept is None and b"Kept" not in absent.to_xml()


class _Answer(XmlModel):
    __xml_root__ = "Answer"
    kept: Annotated[list[str], XmlList("Item")] = Field(default_factory=list)
    omitted: Annotated[list[str], XmlList("Item"), OMIT_EMPTY] = Field(default_factory=list)
    props: Annotated[dict[str, str], XmlDict()] = Field(default_factory=dict)
    answered: Annotated[dict[str, str], XmlDict(keep_empty=True)] = Field(default_factory=dict)


def test_empty_lists_and_dicts_are_written_as_the_service_answers_them() -> None:
    # A list is written empty (<Kept/>) unless OMIT_EMPTY; a dict is left out empty unless keep_empty
    # (an answer's <ExtendedProperties/>), so request bodies keep leaving out empty extended properties.
    assert _Answer().to_xml().endswith(b"><Kept></Kept><Answered></Answered></Answer>")
    full = _Answer(kept=["a"], omitted=["b"], props={"k": "v"}, answered={"n": "w"}).to_xml()
    assert b"<Omitted><Item>b</Item></Omitted>" in full
    assert b"<Props><ExtendedProperty><Name>k</Name><Value>v</Value></ExtendedProperty></Props>" in full
    parsed = _Answer.from_xml(_Answer().to_xml())
    assert (parsed.kept, parsed.omitted, parsed.props, parsed.answered) == ([], [], {}, {})


class _Tagged(XmlModel):
    __xml_root__ = "Tagged"
    name: Annotated[str, ATTRIBUTE] = Field(default="", alias="name")
    size: Annotated[str, ATTRIBUTE] = ""
    value: str = ""


def test_attribute_fields_are_written_on_the_element_and_read_back() -> None:
    model = _Tagged(name='a "b" & <c>', value="v")
    assert (
        model.to_xml()
        == f'<Tagged{NS_ATTRS} name="a &quot;b&quot; &amp; &lt;c&gt;"><Value>v</Value></Tagged>'.encode()
    )
    assert _Tagged.from_xml(model.to_xml()) == model  # an empty attribute is left out, absent reads as ""


def test_an_attribute_field_is_not_read_from_a_child_element_of_its_name() -> None:
    parsed = _Tagged.from_xml(doc("Tagged", "<name>child</name><Size>9</Size><Value>v</Value>"))
    assert (parsed.name, parsed.size, parsed.value) == ("", "", "v")
    nested = _Tagged.from_xml(f'<Tagged Size="9" name="n"{NS_ATTRS}><Value>v</Value></Tagged>')
    assert (nested.name, nested.size) == ("n", "9")
