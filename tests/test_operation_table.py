"""Registry-wide checks: every declared operation's request shape, against the spec and the recordings;
and that every declaration has a docstring, an example, an emulator route and its legacy facade name."""

from __future__ import annotations

import enum
import inspect
import json
import re
import ssl
import typing
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from conftest import RID, SUB

import aiosm
from aiosm import ServiceManagementService, ServiceManagementSession
from aiosm.models.gateways import GatewayOperationAsyncResponse
from aiosm.operation import GATEWAY_OPERATION, REGISTRY, OperationSpec
from aiosm.pipeline import CONTENT_TYPE, Request, Response
from aiosm.transport import DEFAULT_API_VERSION, MockTransport
from aiosm.xml import XmlModel, local_name

DATA = Path(__file__).parent / "data"
SPEC = (DATA / "spec" / "asm-api.md").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "recordings"
SPECS = {spec.name: spec for spec in REGISTRY}
ids = list(SPECS)


def _recordings() -> list[dict[str, Any]]:
    files = {p.name: p for p in (DATA / "recordings").glob("*.json")}
    if SHARED.is_dir():  # the whole set, where the shared folder is checked out beside the repo
        files.update({p.name: p for p in SHARED.glob("*.json")})
    requests = []
    for path in sorted(files.values()):
        for interaction in json.loads(path.read_text(encoding="utf-8"))["interactions"]:
            requests.append({**interaction["request"], "file": path.name})
    return requests


RECORDED = _recordings()


def _sample(model: type[XmlModel]) -> bytes:
    """A minimal valid answer document of ``model``."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            annotation = typing.get_args(info.annotation) or (info.annotation,)
            kind = annotation[0]
            if kind is bool:
                values[name] = True
            elif isinstance(kind, type) and issubclass(kind, enum.Enum):
                values[name] = next(iter(kind))
            else:
                values[name] = "x"
    return model(**values).to_xml()


async def _send(spec: OperationSpec) -> Request:
    async def handler(request: Request) -> Response:
        status = spec.statuses[0] if spec.long_running else 200
        body = _sample(spec.answer) if isinstance(spec.answer, type) else b""
        if spec.answer is GATEWAY_OPERATION:  # a gateway operation's ID is in its body
            body = GatewayOperationAsyncResponse(id=RID).to_xml()
        return Response(status, {"x-ms-request-id": RID}, body, request.method, request.url)

    mock = MockTransport(handler)
    session = ServiceManagementSession(SUB, ssl.create_default_context(), transport=mock)
    method = getattr(getattr(session, spec.family), spec.verb)
    result = await method(**spec.example)
    if spec.long_running:
        assert isinstance(result, aiosm.AsyncOperation) and result.request_id == RID
    (request,) = mock.requests
    return request


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")


def _children(body: bytes | str) -> tuple[str, list[str]]:
    root = ET.fromstring(body)
    return local_name(root.tag), [local_name(child.tag) for child in root]


def _matches(spec: OperationSpec, recorded: dict[str, Any]) -> bool:
    if recorded["method"] != spec.method:
        return False
    parts = urlsplit(recorded["uri"])
    path = parts.path.split("/", 2)[2] if parts.path.count("/") >= 2 else ""
    path = "/" + path if path else ""
    if not _template_regex(spec.path.rstrip("/")).match(path.rstrip("/") or "/"):
        return False
    query = dict(parse_qsl(parts.query))
    if any(query.get(k) != v for k, v in spec.constant_query.items()):
        return False
    if spec.body is not None and recorded.get("body"):
        return _children(recorded["body"])[0] == spec.body.xml_root()
    return True


# -- the request each declaration sends ---------------------------------------------------------------


@pytest.mark.parametrize("name", ids)
async def test_request_shape(name: str) -> None:
    spec = SPECS[name]
    request = await _send(spec)
    example = dict(spec.example)
    assert request.method == spec.method
    expected_path = spec.path.format(**{k: quote(str(example[k]), safe="") for k in spec.path_params})
    assert request.url == f"https://management.core.windows.net/{SUB}{expected_path}"
    query = dict(request.query or {})
    for key, value in spec.constant_query.items():
        assert query.get(key) == value
    for key, q in spec.query.items():
        if q.param is not None:
            assert query.get(key) == q.value(example), key
    assert request.headers["x-ms-version"] == (spec.api_version or DEFAULT_API_VERSION)
    if spec.method == "GET":
        assert "Content-Type" not in request.headers and not request.body
    else:
        assert request.headers["Content-Type"] == (spec.content_type or CONTENT_TYPE)
    if spec.body is None:
        assert not request.body
        return
    assert request.body
    root, children = _children(request.body)
    assert root == spec.body.xml_root()
    order = [plan.element for plan in spec.body._plan()]
    assert [order.index(c) for c in children] == sorted(order.index(c) for c in children)


@pytest.mark.parametrize("name", [n for n in ids if SPECS[n].legacy])
def test_method_and_uri_are_the_specs(name: str) -> None:
    """Each legacy-named declaration against the spec's §2 table row of the same name."""
    spec = SPECS[name]
    row = re.search(rf"^\| {re.escape(spec.legacy or '')} \| (\w+) \| ([^|]+) \|", SPEC, re.M)
    assert row, f"{spec.legacy} is not in the spec's tables"
    method, uri = row.group(1), row.group(2).strip()
    assert method == spec.method
    quoted = re.search(r"`([^`]*)`", uri)
    if quoted and not uri.startswith("(empty)"):
        uri = quoted.group(1)
    if uri.startswith("(empty)"):
        uri = ""
    uri = uri.replace("DEP", "HS/deployments/{dep}").replace("HS", "/services/hostedservices/{svc}")
    assert _template_regex(uri).pattern == _template_regex(spec.path).pattern


@pytest.mark.parametrize("name", [n for n in ids if SPECS[n].body is not None])
async def test_body_order_agrees_with_every_recorded_request(name: str) -> None:
    """Where the service received this operation's body, our elements come in the recorded order."""
    spec = SPECS[name]
    recorded = [r for r in RECORDED if _matches(spec, r) and r.get("body")]
    request = await _send(spec)
    assert request.body
    _, ours = _children(request.body)
    for entry in recorded:
        _, theirs = _children(entry["body"])
        common = [c for c in ours if c in theirs]
        assert common == [c for c in theirs if c in ours], entry["file"]
        assert entry["x_ms_version"] == (spec.api_version or DEFAULT_API_VERSION)


def test_each_recorded_request_is_one_declaration_or_none() -> None:
    """Method, path, constant query and body root tell the declarations apart (the emulator
    dispatches on the same), and every declaration the recordings exercise is matched."""
    exercised = set()
    for entry in RECORDED:
        matched = [spec.name for spec in REGISTRY if _matches(spec, entry)]
        assert len(matched) <= 1, (entry["method"], entry["uri"], matched)
        exercised.update(matched)
    assert {
        "hosted_services.create",
        "deployments.create",
        "storage_accounts.regenerate_keys",
        "virtual_machines.create_deployment",
        "operations.get",
        "affinity_groups.update",
    } <= exercised


# -- completeness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ids)
def test_declaration_is_documented_and_has_an_example(name: str) -> None:
    spec = SPECS[name]
    assert spec.doc and len(spec.doc) > 10
    required = [p.name for p in spec.params if p.default is inspect.Parameter.empty]
    assert set(required) <= set(spec.example), "the example must give every required argument"


@pytest.mark.parametrize("name", [n for n in ids if SPECS[n].legacy])
def test_declaration_has_its_legacy_facade_method(name: str) -> None:
    spec = SPECS[name]
    method = getattr(ServiceManagementService, spec.legacy or "", None)
    assert method is not None, f"ServiceManagementService.{spec.legacy} is missing"
    assert inspect.getdoc(method)


def _readme_differences() -> dict[str, str]:
    """The README's "Differences from the legacy SDK" table: legacy method -> reason."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Differences from the legacy SDK", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|$", section, re.M)
    return {name: why.strip() for name, _, why in rows}


def _parameters(function: object) -> list[str]:
    return [
        p.name
        for p in inspect.signature(function).parameters.values()  # type: ignore[arg-type]
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]


def test_facade_has_every_legacy_method_with_its_parameters() -> None:
    """Every public method of the legacy SDK's class (and its constructor) exists on the facade with
    the same parameter names in the same order, unless the README lists the difference and why."""
    legacy = pytest.importorskip("azure.servicemanagement").ServiceManagementService
    documented = _readme_differences()
    assert all(len(why) > 20 for why in documented.values()), documented
    names = [n for n, _ in inspect.getmembers(legacy, inspect.isfunction) if not n.startswith("_")]
    assert len(names) >= 100
    differences = {}
    for name in [*names, "__init__"]:
        ours = getattr(ServiceManagementService, name, None)
        if ours is None:
            differences[name] = "missing"
        elif _parameters(ours) != _parameters(getattr(legacy, name)):
            differences[name] = f"{_parameters(ours)} != {_parameters(getattr(legacy, name))}"
    assert set(differences) <= set(documented), {k: v for k, v in differences.items() if k not in documented}
    assert set(documented) <= {*names, "__init__"}, "the README lists a method the legacy SDK does not have"


def test_facade_methods_are_coroutines_where_the_legacy_ones_call_the_service() -> None:
    legacy = pytest.importorskip("azure.servicemanagement").ServiceManagementService
    local = {"should_use_requests", "set_proxy", "with_filter"}  # no request: plain methods
    for name, _ in inspect.getmembers(legacy, inspect.isfunction):
        if name.startswith(("_", "wait_for_operation_status_")) or name in local:
            continue
        assert inspect.iscoroutinefunction(getattr(ServiceManagementService, name)), name


def test_lock_declared_for_every_deployment_mutation() -> None:
    for spec in REGISTRY:
        if "/deployment" in spec.path and spec.method != "GET":
            assert spec.lock == "cloud_service:{service_name}", spec.name


def test_answer_kinds() -> None:
    for spec in REGISTRY:
        assert spec.long_running or spec.answer is None or issubclass(spec.answer, XmlModel)
        if spec.method == "GET":
            assert isinstance(spec.answer, type), spec.name


@pytest.mark.parametrize("name", ids)
def test_declaration_has_an_emulator_handler(name: str) -> None:
    from aiosm.emulator.routing import handlers as emulator_handlers

    handlers = set(emulator_handlers())
    assert name in handlers
    assert handlers <= set(SPECS), "a handler for an operation nobody declared"


@pytest.mark.parametrize(
    ("name", "param"), [(n, p) for n in ids for p in SPECS[n].path_params], ids=lambda v: str(v)
)
@pytest.mark.parametrize("hostile", ["x/../y", "x?comp=media", "x#y", ".."])
async def test_no_path_argument_can_steer_the_url(name: str, param: str, hostile: str) -> None:
    spec = SPECS[name]
    sent: list[Request] = []

    async def handler(request: Request) -> Response:
        sent.append(request)
        return Response(200, {"x-ms-request-id": RID}, b"", request.method, request.url)

    session = ServiceManagementSession(SUB, ssl.create_default_context(), transport=MockTransport(handler))
    method = getattr(getattr(session, spec.family), spec.verb)
    with pytest.raises(aiosm.InvalidInputError) as info:
        await method(**{**spec.example, param: hostile})
    assert info.value.field == param and sent == []


def test_rules_are_found_on_optional_arguments_too() -> None:
    # Python 3.10 wraps a None-defaulted Annotated argument in Optional[...]: its rules must be found.
    from aiosm import validation as v

    params = {p.name: p for p in SPECS["hosted_services.create"].params}
    assert v.EXTENDED_PROPERTIES in params["extended_properties"].rules
    assert v.DESCRIPTION in params["description"].rules
    assert v.OPTIONAL_STRING in params["location"].rules
