"""The emulator's answers have the real service's shape: the element paths of each recorded answer.

For every recorded answer of the ServiceManagementService scope (recordings ``affinitygroup``,
``managementcertificate``, ``misc``, ``storage``), the emulator is driven into the same situation
by sending it the recording's own earlier requests (status polls go to the emulator's request
ids), after making through the API what the recorded subscription already held and the recording
shows or uses (:data:`SITUATIONS`), then asked the recorded request; the two answers are compared
by status and by **element paths** (``HostedService/HostedServiceProperties/Label``): every
element the service returns, also when empty, none that it does not return there, and children in
the service's order. Values never count, nor how many items a list has (the recorded subscription held other
resources): paths of every item of a list are merged.

One :class:`Answer` entry per checked answer in :data:`ANSWERS`; the allowed differences of an
entry are explicit (``may_lack``/``may_add``, each with its reason). Every recorded answer has an
entry (or its recording is listed as unreproducible): a new recording's answers fail
:func:`test_every_recorded_answer_is_checked` until they are checked.
"""

from __future__ import annotations

import json
import re
import ssl
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest

from aiosm import PollPolicy
from aiosm import session as _session  # noqa: F401  (registers every declaration)
from aiosm.emulator import Emulator, running
from aiosm.models import (
    CaptureRoleAsVMImage,
    LinuxConfigurationSet,
    OSDiskConfiguration,
    OSVirtualHardDisk,
    VMImage,
)
from aiosm.operation import REGISTRY

from .replay import SHARED_RECORDINGS, Interaction, all_recording_names, load

SCOPES = ("affinitygroup", "managementcertificate", "misc", "storage")
RECORDINGS = [n for n in all_recording_names() if any(f"test_legacy_mgmt_{s}." in n for s in SCOPES)]


@dataclass(frozen=True)
class Answer:
    """A recorded answer (``recording`` without its ``test_legacy_mgmt_`` prefix, interaction
    ``index``) the emulator must give the same shape, through ``operation``."""

    operation: str
    recording: str
    index: int
    may_lack: dict[str, str] = field(default_factory=dict)
    """Paths of the recorded answer the emulator's may lack, each with the reason (data only)."""
    may_add: dict[str, str] = field(default_factory=dict)
    """Paths the emulator's answer may have that the recorded one does not, with the reason."""

    @property
    def name(self) -> str:
        return f"test_legacy_mgmt_{self.recording}"

    def __str__(self) -> str:
        return f"{self.operation}@{self.recording}#{self.index}"


# Data the recorded subscription held and the replayed situation does not: these paths exist in the
# recorded answer only because of other resources of the subscription (never of the one created).
_AFFINITY_PLACED = "another service of the recorded subscription is in an affinity group"
_OTHER_ACCOUNTS = "other accounts of the recorded subscription are geo-replicated or in an affinity group"

ANSWERS: list[Answer] = [
    Answer("affinity_groups.get", "affinitygroup.test_create_affinity_group", 1),
    Answer("affinity_groups.list", "affinitygroup.test_list_affinity_groups", 1),
    Answer("affinity_groups.get", "affinitygroup.test_update_affinity_group", 2),
    Answer(
        "storage_accounts.check_name_availability",
        "storage.test_check_storage_account_name_availability_available",
        0,
    ),
    Answer("storage_accounts.get", "storage.test_create_storage_account", 6),
    Answer("storage_accounts.get", "storage.test_delete_storage_account", 8),
    Answer("storage_accounts.get_keys", "storage.test_get_storage_account_keys", 6),
    Answer("storage_accounts.get", "storage.test_get_storage_account_properties", 6),
    Answer(
        "storage_accounts.list",
        "storage.test_list_storage_accounts",
        6,
        may_lack={
            "StorageServices/StorageService/StorageServiceProperties/AffinityGroup": _OTHER_ACCOUNTS,
            "StorageServices/StorageService/StorageServiceProperties/LastGeoFailoverTime": _OTHER_ACCOUNTS,
        },
    ),
    Answer("storage_accounts.get_keys", "storage.test_regenerate_storage_account_keys", 6),
    Answer("storage_accounts.regenerate_keys", "storage.test_regenerate_storage_account_keys", 7),
    Answer(
        "storage_accounts.get", "storage.test_unicode_create_storage_account_unicode_description_label", 6
    ),
    Answer("storage_accounts.create", "storage.test_unicode_create_storage_account_unicode_name", 0),
    Answer("storage_accounts.get", "storage.test_update_storage_account", 8),
    Answer(
        "hosted_services.check_name_availability",
        "misc.test_check_hosted_service_name_availability_available",
        0,
    ),
    Answer(
        "hosted_services.list",
        "misc.test_list_hosted_services",
        2,
        may_lack={"HostedServices/HostedService/HostedServiceProperties/AffinityGroup": _AFFINITY_PLACED},
    ),
    Answer("hosted_services.get", "misc.test_perform_post", 2),
    Answer("hosted_services.get", "misc.test_perform_put", 4),
    Answer("hosted_services.get", "misc.test_get_hosted_service_properties_with_embed_detail", 12),
    Answer("deployments.get_by_slot", "misc.test_create_get_delete_deployment", 13),
    Answer("deployments.get_by_name", "misc.test_create_get_delete_deployment", 14),
    Answer("deployments.get_by_name", "misc.test_create_get_delete_deployment", 18),
    Answer("operations.get", "misc.test_create_get_delete_deployment", 17),
    Answer("operations.get", "storage.test_create_storage_account", 5),
    Answer(
        "deployments.get_by_name",
        "misc.test_create_virtual_machine_deployment_linux_vm_image",
        48,
    ),
    Answer(
        "virtual_machines.get_role",
        "misc.test_create_virtual_machine_deployment_linux_vm_image",
        47,
    ),
    Answer(
        "virtual_machines.get_role",
        "misc.test_create_virtual_machine_deployment_linux_remote_source_image",
        42,
    ),
    Answer(
        "deployments.get_by_name",
        "misc.test_create_virtual_machine_deployment_linux_remote_source_image",
        43,
    ),
    Answer("subscriptions.get", "misc.test_get_subscription", 0),
    Answer("operating_systems.list", "misc.test_list_operating_systems", 0),
    Answer("operating_systems.list_families", "misc.test_list_operating_system_families", 0),
    Answer("os_images.add", "misc.test_get_os_image", 0),
    Answer("os_images.get", "misc.test_get_os_image", 2),
    Answer("os_images.get", "misc.test_update_os_image_from_image_reference", 2),
    Answer("os_images.update", "misc.test_update_os_image_from_image_reference", 3),
    Answer("os_images.replicate", "misc.test_get_os_image_details", 3),
    Answer("os_images.get_details", "misc.test_get_os_image_details", 5),
    Answer("management_certificates.get", "managementcertificate.test_get_management_certificate", 1),
    Answer("management_certificates.get", "managementcertificate.test_delete_management_certificate", 2),
    Answer("certificates.get", "misc.test_get_service_certificate", 5),
    Answer("certificates.get", "misc.test_add_service_certificate", 5),
    Answer("certificates.list", "misc.test_list_service_certificates", 5),
    Answer("certificates.get", "misc.test_delete_service_certificate", 8),
    Answer("reserved_ips.get", "misc.test_get_reserved_ip_address", 3),
    Answer("reserved_ips.get", "misc.test_create_reserved_ip_address", 3),
    Answer("reserved_ips.list", "misc.test_list_reserved_ip_addresses", 3),
    Answer("hosted_services.get", "misc.test_disassociate_reserved_ip_address", 39),
    Answer("vm_images.list", "misc.test_list_vm_images", 0),
    Answer("vm_images.list", "misc.test_list_vm_images_location", 0),
    Answer("vm_images.list", "misc.test_list_vm_images_location_category", 0),
    Answer("vm_images.list", "misc.test_list_vm_images_location_publisher", 0),
    Answer("vm_images.list", "misc.test_create_vm_image", 4),
    Answer("vm_images.list", "misc.test_delete_vm_image", 6),
    Answer("vm_images.list", "misc.test_update_vm_image", 5),
    Answer("resource_extensions.list", "misc.test_list_resource_extensions", 0),
    Answer(
        "virtual_machines.create_deployment",
        "misc.test_create_virtual_machine_deployment_windows_virtual_network",
        5,
    ),
]


_CUT = "truncated: the VM deployment is created by an unrecorded call"

UNREPRODUCIBLE: dict[str, str] = {
    "misc.test_add_role_linux": _CUT,
    "misc.test_add_update_delete_dns_server": _CUT,
    "misc.test_add_update_delete_role_windows": _CUT,
    "misc.test_capture_role": _CUT,
    "misc.test_capture_vm_image": _CUT,
    "misc.test_shutdown_start_restart_role": _CUT,
}
"""Recordings none of whose later answers can be reproduced by replaying the recording; the same
answers (Get Deployment, Get Role of a VM deployment) are checked from complete recordings."""


# -- element paths -----------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def element_paths(body: str | bytes) -> tuple[set[str], dict[str, list[list[str]]]]:
    """Every element path of the document, and for each path the child sequences of its elements
    (consecutive repeats of a list item collapsed to one). An element's ``i:type`` is part of its
    path (``RoleList/Role[PersistentVMRole]``): a cloud-service role has none."""
    paths: set[str] = set()
    orders: dict[str, list[list[str]]] = {}

    def walk(element: ET.Element, prefix: str) -> None:
        name = _local(element.tag)
        kind = element.get(_XSI_TYPE)
        if kind is not None:
            paths.add(f"{prefix}/{name}[{kind}]" if prefix else f"{name}[{kind}]")
        path = f"{prefix}/{name}" if prefix else name
        paths.add(path)
        sequence: list[str] = []
        for child in element:
            name = _local(child.tag)
            if not sequence or sequence[-1] != name:
                sequence.append(name)
            walk(child, path)
        orders.setdefault(path, []).append(sequence)

    walk(ET.fromstring(body), "")
    return paths, orders


def _precedences(orders: dict[str, list[list[str]]]) -> dict[str, set[tuple[str, str]]]:
    result: dict[str, set[tuple[str, str]]] = {}
    for path, sequences in orders.items():
        pairs = result.setdefault(path, set())
        for sequence in sequences:
            for i, first in enumerate(sequence):
                for second in sequence[i + 1 :]:
                    if first != second:
                        pairs.add((first, second))
    return result


def shape_differences(recorded: str, emulated: str, answer: Answer) -> list[str]:
    """What differs between the two answers' shapes, beyond the entry's allowed differences."""
    want, want_orders = element_paths(recorded)
    got, got_orders = element_paths(emulated)
    problems = [f"missing <{p}>" for p in sorted(want - got) if p not in answer.may_lack]
    problems += [f"unexpected <{p}>" for p in sorted(got - want) if p not in answer.may_add]
    recorded_pairs = _precedences(want_orders)
    for path, pairs in sorted(_precedences(got_orders).items()):
        for first, second in sorted(pairs):
            if (second, first) in recorded_pairs.get(path, set()):
                problems.append(f"<{path}>: <{first}> comes before <{second}>, the service sends it after")
    return problems


# -- which operation answered a request -----------------------------------------------------------


def _template_regex(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path.rstrip("/"))
    body = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{body}/?$")


_SPECS = [(spec, _template_regex(spec.path)) for spec in REGISTRY]


def operation_of(item: Interaction) -> str | None:
    """The declared operation a recorded request is for (None: not declared yet)."""
    parts = urlsplit(item.uri)
    path = parts.path.split("/", 2)[2] if parts.path.count("/") >= 2 else ""
    path = "/" + path if path else ""
    query = {k.lower(): v.lower() for k, v in parse_qsl(parts.query)}
    found = [
        spec
        for spec, pattern in _SPECS
        if spec.method == item.method
        and pattern.match(path)
        and all(query.get(k.lower()) == v.lower() for k, v in spec.constant_query.items())
    ]
    found.sort(key=lambda s: (len(s.constant_query), len(s.path.replace("{", "").split("/"))), reverse=True)
    return found[0].name if found else None


# -- what the recorded subscription held -----------------------------------------------------------

_FAST = PollPolicy(initial=0.0, jitter=0.0, timeout=60.0)
_UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
_UBUNTU1404_DISK = "https://portalvhdsmp6ddqtwmht89.blob.core.windows.net/vhds/unittest-donotdelete-ubuntu1404-os-2014-11-11.vhd"


async def _ubuntu1404_vm_image(emu: Emulator) -> None:
    """The user VM image the recorded subscription kept for the tests, ``unittest-donotdelete-
    ubuntu1404``, with its recorded OS disk (a generalized Linux VHD)."""
    async with emu.session(poll=_FAST) as sms:
        image = VMImage("unittest-donotdelete-ubuntu1404", "image for unit test")
        image.os_disk_configuration = OSDiskConfiguration(
            os_state="Generalized", os="Linux", media_link=_UBUNTU1404_DISK
        )
        await (await sms.vm_images.create(image))


async def _user_vm_images(emu: Emulator) -> None:
    """The recorded subscription's user VM images, of both kinds its lists show: one captured
    from a running VM (``ServiceName``, ``DeploymentName``, ``RoleName``, ``RoleStateOnCapture``,
    ``RoleSizeOnCapture``), others made from a VHD (one of them updated: ``Eula``, ``ShowInGui``)."""
    await _ubuntu1404_vm_image(emu)
    name = "amlipython20150121x1314"
    async with emu.session(poll=_FAST) as sms:
        await (await sms.hosted_services.create(name, name, location="West US"))
        config = LinuxConfigurationSet(name, "azureuser", "Secret-pa55", True)
        disk = OSVirtualHardDisk(_UBUNTU, f"https://{name}.blob.core.windows.net/vmimages/{name}-os.vhd")
        await (
            await sms.virtual_machines.create_deployment(name, name, "production", name, name, config, disk)
        )
        capture = CaptureRoleAsVMImage("Specialized", name, name)
        await (await sms.vm_images.capture(name, name, name, capture))
        made = VMImage("utsvc30141653309873image", "utsvc30141653309873imagelabel", "its description")
        made.os_disk_configuration = OSDiskConfiguration(
            os_state="Specialized",
            os="Linux",
            media_link="https://storagename.blob.core.windows.net/utctnr31141653309873/imagecopy.vhd",
        )
        made.language = "English"
        made.show_in_gui = True
        await (await sms.vm_images.create(made))
        change = VMImage(
            label="Updated label",
            eula="Updated eula",
            show_in_gui=False,
            os_disk_configuration=OSDiskConfiguration(host_caching="ReadOnly"),
        )
        await (await sms.vm_images.update(made.name, change))


async def _affinity_group(emu: Emulator) -> None:
    """The affinity group the recorded subscription kept for the tests, ``utaffgrpdonotdelete``
    (it had no virtual network ``utnetdonotdelete``: the service refused it)."""
    async with emu.session(poll=_FAST) as sms:
        await (await sms.affinity_groups.create("utaffgrpdonotdelete", "for the tests", "West US"))


Situation = Callable[[Emulator], Awaitable[None]]

SITUATIONS: dict[str, Situation] = {
    **{
        f"misc.test_{n}": _user_vm_images
        for n in (
            "list_vm_images",
            "list_vm_images_location",
            "list_vm_images_location_category",
            "list_vm_images_location_publisher",
            "create_vm_image",
            "delete_vm_image",
            "update_vm_image",
        )
    },
    "misc.test_create_virtual_machine_deployment_linux_vm_image": _ubuntu1404_vm_image,
    "misc.test_create_virtual_machine_deployment_windows_virtual_network": _affinity_group,
}
"""What the recorded subscription held before a recording (resources it kept, which its answers
show or its requests use), made through the API before the recording is replayed."""


async def _hold_situation(emu: Emulator, name: str) -> None:
    situation = SITUATIONS.get(name.removeprefix("test_legacy_mgmt_"))
    if situation is not None:
        await situation(emu)


# -- driving the emulator ---------------------------------------------------------------------------


@pytest.fixture
async def emulator() -> AsyncIterator[tuple[Emulator, aiohttp.ClientSession]]:
    async with running(seed=1) as emu:
        context = ssl.create_default_context(cafile=str(emu.ca_file))
        context.load_cert_chain(str(emu.certificate_file))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as http:
            yield emu, http


_POLL = re.compile(r"/operations/([0-9a-f]{32})$")


async def _send(
    emu: Emulator, http: aiohttp.ClientSession, item: Interaction, request_ids: dict[str, str]
) -> tuple[int, str]:
    """Send the recorded request to the emulator (a status poll to the emulator's request id)."""
    parts = urlsplit(item.uri)
    tail = parts.path.split("/", 2)[2] if parts.path.count("/") >= 2 else ""
    poll = _POLL.search(parts.path)
    if poll is not None:
        tail = f"operations/{request_ids.get(poll.group(1), poll.group(1))}"
    url = f"{emu.endpoint}/{emu.subscription_id}" + (f"/{tail}" if tail else "")
    if parts.query:
        url += "?" + parts.query
    headers = {"x-ms-version": item.x_ms_version or "2014-10-01"}
    if item.content_type:
        headers["Content-Type"] = item.content_type
    data = item.request_body.encode("utf-8") if item.request_body else None
    async with http.request(item.method, url, data=data, headers=headers) as response:
        text = await response.text()
        ours = response.headers.get("x-ms-request-id")
        if item.request_id and ours:
            request_ids[item.request_id] = ours
        return response.status, text


async def _wait(emu: Emulator, http: aiohttp.ClientSession, request_id: str) -> None:
    url = f"{emu.endpoint}/{emu.subscription_id}/operations/{request_id}"
    for _ in range(1000):
        async with http.get(url, headers={"x-ms-version": "2014-10-01"}) as response:
            if "<Status>InProgress</Status>" not in await response.text():
                return
    raise AssertionError(f"operation {request_id} never completed")


async def answer_of(emu: Emulator, http: aiohttp.ClientSession, name: str, index: int) -> tuple[int, str]:
    """The emulator's answer to interaction ``index`` of a recording, after its earlier requests
    (each complete before the next; recorded polls are not re-sent, except the one checked)."""
    recording = load(name)
    await _hold_situation(emu, name)
    request_ids: dict[str, str] = {}
    for item in recording.interactions[:index]:
        if item.method == "GET" and _POLL.search(urlsplit(item.uri).path):
            continue
        status, _ = await _send(emu, http, item, request_ids)
        if status == 202 and item.request_id in request_ids:
            await _wait(emu, http, request_ids[item.request_id])
    return await _send(emu, http, recording[index], request_ids)


async def _check(emulator: tuple[Emulator, aiohttp.ClientSession], answer: Answer) -> None:
    emu, http = emulator
    recorded = load(answer.name)[answer.index]
    assert operation_of(recorded) == answer.operation, (
        f"{answer}: the recorded request is not {answer.operation}"
    )
    status, body = await answer_of(emu, http, answer.name, answer.index)
    assert status == recorded.status, (
        f"{answer}: status {status}, the service answered {recorded.status}: {body}"
    )
    if not recorded.response_body.startswith("<"):
        assert not body.startswith("<"), f"{answer}: the service answers no document, the emulator {body!r}"
        return
    problems = shape_differences(recorded.response_body, body, answer)
    assert not problems, f"{answer}:\n  " + "\n  ".join(problems)


# -- the checks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ANSWERS, ids=str)
async def test_answer_has_the_service_shape(
    emulator: tuple[Emulator, aiohttp.ClientSession], answer: Answer
) -> None:
    await _check(emulator, answer)


def _listed() -> set[tuple[str, int]]:
    return {(a.name, a.index) for a in ANSWERS}


def test_every_recorded_answer_is_checked() -> None:
    """Each answering operation of the scope has an entry, and each answer of an operation not
    declared has one of its own (or its recording is unreproducible)."""
    checked = {a.operation for a in ANSWERS}
    unlisted = []
    for name in RECORDINGS:
        short = name.removeprefix("test_legacy_mgmt_")
        for item in load(name).interactions:
            if not item.response_body.startswith("<") or _POLL.search(urlsplit(item.uri).path):
                continue
            operation = operation_of(item)
            if operation in checked or (name, item.index) in _listed() or short in UNREPRODUCIBLE:
                continue
            unlisted.append(f"{short}#{item.index} {item.method} {urlsplit(item.uri).path} ({operation})")
    assert not unlisted, "recorded answers with no entry in ANSWERS:\n" + "\n".join(unlisted)


@pytest.mark.skipif(
    not SHARED_RECORDINGS.is_dir(), reason="the shared conformance set is not beside the checkout"
)
def test_every_recording_with_an_answer_is_copied() -> None:
    """Each recording of the scope with a document answer (beyond status polls) is here to check."""
    copied = set(all_recording_names())
    for path in sorted(SHARED_RECORDINGS.glob("*.json")):
        name = path.stem
        if not any(f"test_legacy_mgmt_{s}." in name for s in SCOPES) or name in copied:
            continue
        interactions = json.loads(path.read_text(encoding="utf-8"))["interactions"]
        answers = [
            i["response"].get("body") or ""
            for i in interactions
            if not _POLL.search(urlsplit(i["request"]["uri"]).path)
        ]
        assert not any(body.startswith("<") for body in answers), f"{name} has answers to check: copy it"


def test_entries_name_the_recorded_operation() -> None:
    for answer in ANSWERS:
        assert operation_of(load(answer.name)[answer.index]) == answer.operation, answer


def test_shape_comparison_finds_differences() -> None:
    """The comparison itself: a missing element, an extra one and a swapped order are reported."""
    recorded = "<A><B/><C><D/></C><E/></A>"
    answer = Answer("x", "y", 0)
    assert shape_differences(recorded, "<A><B/><C><D/></C><E/></A>", answer) == []
    assert shape_differences(recorded, "<A><B/><C><D/><D/></C><E/></A>", answer) == []
    assert shape_differences(recorded, "<A><B/><C/><E/></A>", answer) == ["missing <A/C/D>"]
    assert shape_differences(recorded, "<A><B/><C><D/></C><E/><F/></A>", answer) == ["unexpected <A/F>"]
    assert shape_differences(recorded, "<A><C><D/></C><B/><E/></A>", answer) == [
        "<A>: <C> comes before <B>, the service sends it after"
    ]
    allowed = Answer("x", "y", 0, may_lack={"A/C/D": "data"})
    assert shape_differences(recorded, "<A><B/><C/><E/></A>", allowed) == []


def _operating_systems(body: str) -> list[tuple[str | None, ...]]:
    ns = "{http://schemas.microsoft.com/windowsazure}"
    return [
        tuple(
            item.findtext(ns + tag)
            for tag in ("Version", "Label", "IsDefault", "IsActive", "Family", "FamilyLabel")
        )
        for item in ET.fromstring(body).iter(ns + "OperatingSystem")
    ]


@pytest.mark.parametrize(
    "name", ["misc.test_list_operating_systems", "misc.test_list_operating_system_families"]
)
async def test_guest_os_catalogue_is_the_services(
    emulator: tuple[Emulator, aiohttp.ClientSession], name: str
) -> None:
    """Beyond the shape, the catalogue itself: every guest OS version of families 1-4 the service
    listed, with its label, default and active flags, in the service's order."""
    emu, http = emulator
    status, body = await answer_of(emu, http, f"test_legacy_mgmt_{name}", 0)
    recorded = load(f"test_legacy_mgmt_{name}")[0].response_body
    assert status == 200
    assert len(_operating_systems(recorded)) == 183
    assert _operating_systems(body) == _operating_systems(recorded)
    families = "{http://schemas.microsoft.com/windowsazure}OperatingSystemFamily"
    assert [(f[0].text, f[1].text) for f in ET.fromstring(body).iter(families)] == [
        (f[0].text, f[1].text) for f in ET.fromstring(recorded).iter(families)
    ]


@pytest.mark.parametrize("answer", ANSWERS, ids=str)
def test_client_model_keeps_every_element(answer: Answer) -> None:
    """The client's answer model parses every element of the recorded answer and writes it back
    (so nothing the service returns is dropped, empty elements included)."""
    recorded = load(answer.name)[answer.index]
    spec = next(s for s in REGISTRY if s.name == answer.operation)
    model = spec.answer
    if recorded.status >= 300 or not recorded.response_body.startswith("<") or not isinstance(model, type):
        return  # an error, or an answer the client reads as an operation (its body is not a model)
    written = model.from_xml(recorded.response_body).to_xml()
    lost = shape_differences(recorded.response_body, written.decode("utf-8"), Answer("", "", 0))
    assert [p for p in lost if not p.startswith("unexpected")] == []  # none lost, none out of order


STATUS_EXCEPTIONS: dict[tuple[str, int], str] = {}
"""Recorded requests of served operations whose status the replayed situation cannot reproduce."""


@pytest.mark.parametrize(
    "name",
    [n for n in RECORDINGS if n.removeprefix("test_legacy_mgmt_") not in UNREPRODUCIBLE],
    ids=lambda n: n.removeprefix("test_legacy_mgmt_"),
)
async def test_statuses_are_the_services(emulator: tuple[Emulator, aiohttp.ClientSession], name: str) -> None:
    """Replaying a whole recording, each request of a served operation gets the recorded status
    (201 for a created hosted service, 200 for a deleted storage account, 404 after deletion...)."""
    emu, http = emulator
    request_ids: dict[str, str] = {}
    short = name.removeprefix("test_legacy_mgmt_")
    await _hold_situation(emu, name)
    differences = []
    for item in load(name).interactions:
        if item.method == "GET" and _POLL.search(urlsplit(item.uri).path):
            continue
        status, _ = await _send(emu, http, item, request_ids)
        if status == 202 and item.request_id in request_ids:
            await _wait(emu, http, request_ids[item.request_id])
        operation = operation_of(item)
        if operation and status != item.status and (short, item.index) not in STATUS_EXCEPTIONS:
            differences.append(f"#{item.index} {operation}: {status}, the service answered {item.status}")
    assert not differences, "\n".join(differences)
