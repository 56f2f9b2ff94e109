"""Traffic Manager profiles and definitions against the emulator."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import TrafficManagerProfileRecord
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import (
    TrafficManagerCreateProfile,
    TrafficManagerDefinition,
    TrafficManagerDnsOptions,
    TrafficManagerEndpoint,
    TrafficManagerEndpointType,
    TrafficManagerLoadBalancingMethod,
    TrafficManagerMonitor,
    TrafficManagerMonitorProtocol,
    TrafficManagerPolicy,
)

ENDPOINTS = [
    TrafficManagerEndpoint(domain_name="east.cloudapp.net", type=TrafficManagerEndpointType.CLOUD_SERVICE),
    TrafficManagerEndpoint(domain_name="west.cloudapp.net", type=TrafficManagerEndpointType.CLOUD_SERVICE),
]
MONITOR = TrafficManagerMonitor(protocol=TrafficManagerMonitorProtocol.HTTPS, port=443)


async def _definition(sms: ServiceManagementSession, ttl: int = 300, method: str = "Failover") -> None:
    await sms.traffic_manager.create_definition("myapp", ttl, [MONITOR], method, ENDPOINTS)


async def test_a_profile_with_definitions(sms: ServiceManagementSession) -> None:
    assert await sms.traffic_manager.list() == []
    await sms.traffic_manager.create("myapp", "MyApp.trafficmanager.net")
    profile = await sms.traffic_manager.get("myapp")
    assert (profile.name, profile.domain_name, profile.status, profile.definitions) == (
        "myapp",
        "MyApp.trafficmanager.net",
        "Disabled",
        [],
    )
    await _definition(sms, 300)
    await _definition(sms, 60, "RoundRobin")
    profile = await sms.traffic_manager.get("myapp")
    assert profile.status == "Enabled"
    assert profile.status_details is not None and profile.status_details.enabled_version == 2
    assert [(d.version, d.status) for d in profile.definitions] == [(1, "Disabled"), (2, "Enabled")]

    first = await sms.traffic_manager.get_definition("myapp", 1)
    assert first.version == 1 and first.status == "Disabled"
    assert first.dns_options is not None and first.dns_options.time_to_live_in_seconds == 300
    assert first.policy is not None
    assert first.policy.load_balancing_method is TrafficManagerLoadBalancingMethod.FAILOVER
    assert [e.domain_name for e in first.policy.endpoints] == ["east.cloudapp.net", "west.cloudapp.net"]
    assert first.monitors[0].protocol is TrafficManagerMonitorProtocol.HTTPS and first.monitors[0].port == 443
    listed = await sms.traffic_manager.list_definitions("myapp")
    assert [
        (d.version, d.dns_options.time_to_live_in_seconds if d.dns_options else None) for d in listed
    ] == [
        (1, 300),
        (2, 60),
    ]
    assert [p.name for p in await sms.traffic_manager.list()] == ["myapp"]


async def test_update_enables_a_version_and_disables(sms: ServiceManagementSession) -> None:
    await sms.traffic_manager.create("myapp", "myapp.trafficmanager.net")
    await _definition(sms)
    await _definition(sms)
    await sms.traffic_manager.update("myapp", "Enabled", 1)
    profile = await sms.traffic_manager.get("myapp")
    assert profile.status_details is not None and profile.status_details.enabled_version == 1
    assert [(d.version, d.status) for d in profile.definitions] == [(1, "Enabled"), (2, "Disabled")]
    await sms.traffic_manager.update("myapp", "Disabled")
    profile = await sms.traffic_manager.get("myapp")
    assert profile.status == "Disabled"
    assert [d.status for d in profile.definitions] == ["Disabled", "Disabled"]
    with pytest.raises(BadRequestError):
        await sms.traffic_manager.update("myapp", "Enabled", 3)


async def test_a_domain_name_is_taken_across_subscriptions(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    assert await sms.traffic_manager.check_dns_prefix_availability("myapp.trafficmanager.net") is True
    await sms.traffic_manager.create("myapp", "myapp.trafficmanager.net")
    assert await sms.traffic_manager.check_dns_prefix_availability("MYAPP.trafficmanager.net") is False
    with pytest.raises(ConflictError):
        await sms.traffic_manager.create("other", "MyApp.TrafficManager.net")
    with pytest.raises(ConflictError):
        await sms.traffic_manager.create("MYAPP", "free.trafficmanager.net")
    # another subscription's profile holds its name too
    assert emu.state is not None
    emu.state.write(
        puts=[
            TrafficManagerProfileRecord(
                subscription="another-subscription", name="theirs", domain_name="Theirs.trafficmanager.net"
            )
        ]
    )
    assert await sms.traffic_manager.check_dns_prefix_availability("theirs.trafficmanager.net") is False
    with pytest.raises(ConflictError):
        await sms.traffic_manager.create("theirs", "theirs.trafficmanager.net")
    assert [p.name for p in await sms.traffic_manager.list()] == ["myapp"]


async def test_deleting_a_profile_deletes_its_definitions(sms: ServiceManagementSession) -> None:
    await sms.traffic_manager.create("myapp", "myapp.trafficmanager.net")
    await _definition(sms)
    await sms.traffic_manager.delete("myapp")
    assert await sms.traffic_manager.list() == []
    assert await sms.traffic_manager.check_dns_prefix_availability("myapp.trafficmanager.net") is True
    await sms.traffic_manager.create("myapp", "myapp.trafficmanager.net")
    assert await sms.traffic_manager.list_definitions("myapp") == []
    with pytest.raises(NotFoundError):
        await sms.traffic_manager.get_definition("myapp", 1)


async def test_an_unknown_profile_is_404(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.traffic_manager.get("nope")
    with pytest.raises(NotFoundError):
        await sms.traffic_manager.delete("nope")
    with pytest.raises(NotFoundError):
        await sms.traffic_manager.update("nope", "Disabled")
    with pytest.raises(NotFoundError):
        await sms.traffic_manager.list_definitions("nope")
    with pytest.raises(NotFoundError):
        await _definition(sms)


async def test_an_invalid_definition_is_refused(sms: ServiceManagementSession) -> None:
    await sms.traffic_manager.create("myapp", "myapp.trafficmanager.net")
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.create_definition("myapp", 300, [MONITOR], "Failover", [])
    assert caught.value.field == "endpoints"
    # the service refuses it too
    no_endpoints = TrafficManagerDefinition(
        dns_options=TrafficManagerDnsOptions(time_to_live_in_seconds=300),
        monitors=[MONITOR],
        policy=TrafficManagerPolicy(load_balancing_method=TrafficManagerLoadBalancingMethod.FAILOVER),
    )
    with pytest.raises(BadRequestError):
        await sms.transport.request("POST", "/services/WATM/profiles/myapp/definitions", body=no_endpoints)
    slow = TrafficManagerMonitor(interval_in_seconds=60)
    bad_monitor = no_endpoints.model_copy(
        update={
            "monitors": [slow],
            "policy": TrafficManagerPolicy(
                load_balancing_method=TrafficManagerLoadBalancingMethod.FAILOVER, endpoints=ENDPOINTS
            ),
        }
    )
    with pytest.raises(BadRequestError):
        await sms.transport.request("POST", "/services/WATM/profiles/myapp/definitions", body=bad_monitor)
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.create_definition("myapp", 300, [slow], "Failover", ENDPOINTS)
    assert caught.value.field == "monitors[0].interval_in_seconds"
    anywhere = no_endpoints.model_copy(
        update={
            "monitors": [MONITOR],
            "policy": TrafficManagerPolicy(
                load_balancing_method=TrafficManagerLoadBalancingMethod.PERFORMANCE,
                endpoints=[
                    TrafficManagerEndpoint(domain_name="www.example.com", type=TrafficManagerEndpointType.ANY)
                ],
            ),
        }
    )
    with pytest.raises(BadRequestError):  # an external endpoint needs its region with Performance
        await sms.transport.request("POST", "/services/WATM/profiles/myapp/definitions", body=anywhere)
    with pytest.raises(InvalidInputError) as caught:
        await _definition(sms, ttl=10)
    assert caught.value.field == "ttl"
    with pytest.raises(InvalidInputError) as caught:
        await _definition(sms, method="Random")
    assert caught.value.field == "load_balancing_method"
    assert await sms.traffic_manager.list_definitions("myapp") == []


async def test_bad_profile_input_is_refused_before_sending(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.create("myapp", "myapp.example.com")
    assert caught.value.field == "domain_name"
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.create("myapp", "-bad.trafficmanager.net")
    assert caught.value.field == "domain_name"
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.update("myapp", "On")
    assert caught.value.field == "status"
    with pytest.raises(InvalidInputError) as caught:
        await sms.traffic_manager.get_definition("myapp", 0)
    assert caught.value.field == "version"
    # the service refuses a domain outside trafficmanager.net too
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            "POST",
            "/services/WATM/profiles",
            body=TrafficManagerCreateProfile(name="x", domain_name="x.example.com"),
        )
    assert await sms.traffic_manager.list() == []
