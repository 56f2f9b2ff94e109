"""Error answers map to the right exception class, with status, code, message and request id."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aioresponses import aioresponses
from conftest import doc, error_doc, make_session, respond_xml, total_requests, url

from aiosm import (
    AsmError,
    AsmHttpError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    ResponseParseError,
    RetryPolicy,
    ServerError,
    ServiceManagementSession,
    ThrottledError,
    error_from_response,
    is_transient,
)

ERR_RID = "fedcba9876543210fedcba9876543210"


@pytest.fixture
async def no_retry_session() -> AsyncIterator[ServiceManagementSession]:
    s = make_session(retry=RetryPolicy.none())
    yield s
    await s.close()


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "BadRequest", BadRequestError),
        (400, "InvalidXmlRequest", BadRequestError),
        (401, "AuthenticationFailed", AuthenticationError),
        (403, "AuthenticationFailed", AuthenticationError),
        (403, "SubscriptionDisabled", AuthenticationError),
        (404, "ResourceNotFound", NotFoundError),
        (409, "ConflictError", ConflictError),
        (429, "TooManyRequests", ThrottledError),
        (503, "ServerBusy", ThrottledError),
        (500, "InternalError", ServerError),
        (500, "OperationTimedOut", ServerError),
        (502, "BadGateway", ServerError),
    ],
)
async def test_status_and_code_map_to_class(
    no_retry_session: ServiceManagementSession, mock: aioresponses, status: int, code: str, cls: type
) -> None:
    respond_xml(
        mock,
        "GET",
        url("/locations"),
        error_doc(code, "Something &amp; more."),
        status=status,
        request_id=ERR_RID,
    )
    with pytest.raises(cls) as info:
        await no_retry_session.locations.list()
    error = info.value
    assert type(error) is cls
    assert isinstance(error, AsmHttpError) and isinstance(error, AsmError)
    assert error.status == status
    assert error.code == code
    assert error.message == "Something & more."
    assert error.request_id == ERR_RID
    assert ERR_RID in str(error) and code in str(error) and str(status) in str(error)


async def test_mutation_errors_map_too(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(
        mock,
        "POST",
        url("/services/hostedservices"),
        error_doc("ConflictError", "The specified DNS name is already taken."),
        status=409,
        request_id=ERR_RID,
    )
    with pytest.raises(ConflictError) as info:
        await no_retry_session.hosted_services.create("mysvc", "l", location="West US")
    assert info.value.is_busy is False
    assert info.value.request_id == ERR_RID


def test_busy_vs_permanent_conflict() -> None:
    busy = error_from_response(
        409,
        {
            "Error": {
                "Code": "ConflictError",
                "Message": "Windows Azure is currently performing an operation "
                "on this deployment that requires exclusive access.",
            }
        },
        {},
    )
    taken = error_from_response(
        409, {"Error": {"Code": "ConflictError", "Message": "The slot is occupied."}}, {}
    )
    assert isinstance(busy, ConflictError) and busy.is_busy
    assert isinstance(taken, ConflictError) and not taken.is_busy
    assert is_transient(busy)
    assert not is_transient(taken)


def test_transient_classification() -> None:
    def err(status: int, code: str | None = None) -> AsmHttpError:
        body = {"Error": {"Code": code, "Message": "m"}} if code else None
        return error_from_response(status, body, {})

    assert [is_transient(err(s)) for s in (500, 502, 503, 504)] == [True] * 4
    assert is_transient(err(429))
    assert [is_transient(err(s)) for s in (400, 401, 403, 404)] == [False] * 4
    assert not is_transient(ValueError("x"))


def test_retry_after_header_is_parsed() -> None:
    error = error_from_response(503, None, {"Retry-After": "12", "x-ms-request-id": "r"})
    assert isinstance(error, ServerError)
    assert error.retry_after == 12.0
    assert error_from_response(503, None, {"Retry-After": "soon"}).retry_after is None


async def test_non_xml_error_body(no_retry_session: ServiceManagementSession, mock: aioresponses) -> None:
    mock.get(
        url("/locations"),
        status=502,
        body="<html><body>Bad Gateway</body>",
        headers={"x-ms-request-id": ERR_RID, "Content-Type": "text/html"},
    )
    with pytest.raises(ServerError) as info:
        await no_retry_session.locations.list()
    assert info.value.status == 502
    assert info.value.code is None
    assert "Bad Gateway" in info.value.message
    assert info.value.request_id == ERR_RID


async def test_plain_text_error_body(no_retry_session: ServiceManagementSession, mock: aioresponses) -> None:
    mock.get(url("/locations"), status=404, body="Not here")
    with pytest.raises(NotFoundError) as info:
        await no_retry_session.locations.list()
    assert info.value.message == "Not here"
    assert info.value.request_id is None


async def test_empty_error_body(no_retry_session: ServiceManagementSession, mock: aioresponses) -> None:
    mock.get(url("/locations"), status=403, body="", headers={"x-ms-request-id": ERR_RID})
    with pytest.raises(AuthenticationError) as info:
        await no_retry_session.locations.list()
    assert info.value.code is None
    assert info.value.request_id == ERR_RID


async def test_servicebusy_code_on_500_is_throttled(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url("/locations"), error_doc("ServerBusy", "busy"), status=503)
    with pytest.raises(ThrottledError):
        await no_retry_session.locations.list()


# -- unreadable 200 answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<Locations><Location><Name>West US</Name>",  # truncated
        "not xml at all",
        doc("HostedServices", "<HostedService><ServiceName>x</ServiceName></HostedService>"),  # wrong root
        "",  # empty body
    ],
)
async def test_unreadable_200_is_response_parse_error(
    no_retry_session: ServiceManagementSession, mock: aioresponses, body: str
) -> None:
    mock.get(url("/locations"), status=200, body=body, headers={"x-ms-request-id": ERR_RID})
    with pytest.raises(ResponseParseError) as info:
        await no_retry_session.locations.list()
    assert info.value.request_id == ERR_RID
    assert ERR_RID in str(info.value)
    if body:
        assert info.value.excerpt == body[:200]


async def test_unexpected_typed_content_is_response_parse_error(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    body = doc(
        "OperatingSystems",
        "<OperatingSystem><Version>v</Version><Family>not-a-number</Family></OperatingSystem>",
    )
    respond_xml(mock, "GET", url("/operatingsystems"), body, request_id=ERR_RID)
    with pytest.raises(ResponseParseError) as info:
        await no_retry_session.operating_systems.list()
    assert not isinstance(info.value, KeyError)
    assert info.value.request_id == ERR_RID
    assert "Family" in str(info.value) or "family" in str(info.value)
    assert info.value.excerpt.startswith("<OperatingSystems")


async def test_bad_base64_label_is_response_parse_error(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    body = doc("AffinityGroup", "<Name>a</Name><Label>%%%not base64\xff</Label>")
    respond_xml(mock, "GET", url("/affinitygroups/a"), body, request_id=ERR_RID)
    with pytest.raises(ResponseParseError) as info:
        await no_retry_session.affinity_groups.get("a")
    assert info.value.request_id == ERR_RID


async def test_operation_without_status_is_response_parse_error(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url("/operations/abc"), doc("Operation", "<ID>abc</ID>"), request_id=ERR_RID)
    with pytest.raises(ResponseParseError):
        await no_retry_session.operations.get("abc")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<Locations xmlns="http://schemas.microsoft.com/windowsazure"><Location><Name>&lol3;</Name></Location></Locations>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<Locations xmlns="http://schemas.microsoft.com/windowsazure"><Location><Name>&xxe;</Name></Location></Locations>'
)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY])
async def test_entity_documents_are_refused(
    no_retry_session: ServiceManagementSession, mock: aioresponses, body: str
) -> None:
    respond_xml(mock, "GET", url("/locations"), body, request_id=ERR_RID)
    with pytest.raises(ResponseParseError) as info:
        await no_retry_session.locations.list()
    assert "lollol" not in str(info.value)
    assert "root:" not in str(info.value)
    assert info.value.request_id == ERR_RID


async def test_entity_error_body_is_not_expanded(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    mock.get(url("/locations"), status=400, body=BILLION_LAUGHS)
    with pytest.raises(BadRequestError) as info:
        await no_retry_session.locations.list()
    assert info.value.code is None
    assert "lollollol" not in info.value.message
    assert total_requests(mock) == 1


async def test_error_messages_do_not_contain_request_secrets(
    no_retry_session: ServiceManagementSession, mock: aioresponses
) -> None:
    from aiosm import LinuxConfigurationSet, OSVirtualHardDisk

    secret = "Sup3r-Secret-Pa55"
    respond_xml(
        mock,
        "POST",
        url("/services/hostedservices/myvm/deployments"),
        error_doc("BadRequest", "The password is not complex enough."),
        status=400,
    )
    with pytest.raises(BadRequestError) as info:
        await no_retry_session.virtual_machines.create_deployment(
            "myvm",
            "myvm",
            "production",
            "l",
            "myvm",
            LinuxConfigurationSet("host", "user", secret, False),
            OSVirtualHardDisk("img", "https://m/x.vhd"),
        )
    assert secret not in str(info.value)
    assert secret not in repr(info.value)
    assert secret not in repr(info.value.args)


async def test_a_non_xml_error_answer_is_quoted_without_secrets(
    no_retry_session: ServiceManagementSession,
) -> None:
    with aioresponses() as mock:
        mock.get(str(url("/locations")), status=500, body="oops <Primary>c2VjcmV0a2V5</Primary> broke")
        with pytest.raises(ServerError) as caught:
            await no_retry_session.locations.list()
    assert "c2VjcmV0a2V5" not in str(caught.value)
    assert "oops" in str(caught.value)


def test_every_exception_class_is_public_and_importable_from_aiosm() -> None:
    import inspect

    import aiosm
    import aiosm.errors

    classes = {
        name
        for name, value in vars(aiosm.errors).items()
        if inspect.isclass(value) and issubclass(value, AsmError) and value.__module__ == "aiosm.errors"
    }
    assert "TlsError" in classes
    assert classes <= set(aiosm.errors.__all__)
    assert all(getattr(aiosm, name) is getattr(aiosm.errors, name) for name in classes)
