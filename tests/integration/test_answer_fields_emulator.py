"""Fields of the emulator's answers no recording covers, as the service documents them."""

from __future__ import annotations

from aiosm import ServiceManagementSession


async def test_locations_offer_compute_and_storage_capabilities(sms: ServiceManagementSession) -> None:
    west = next(location for location in await sms.locations.list() if location.name == "West US")
    assert west.compute_capabilities is not None and west.storage_capabilities is not None
    assert "Standard_D1" in west.compute_capabilities.web_worker_role_sizes
    assert "Standard_G5" in west.compute_capabilities.virtual_machines_role_sizes
    assert "Standard_G5" not in west.compute_capabilities.web_worker_role_sizes  # VMs only
    assert west.storage_capabilities.storage_account_types[:3] == [
        "Standard_LRS",
        "Standard_ZRS",
        "Standard_GRS",
    ]


async def test_listed_cloud_services_and_groups_carry_compute_capabilities(
    sms: ServiceManagementSession,
) -> None:
    await (await sms.affinity_groups.create("grp", "grp", "West US"))
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    (listed,) = await sms.hosted_services.list()
    assert listed.compute_capabilities is not None
    assert "Small" in listed.compute_capabilities.web_worker_role_sizes
    assert (await sms.hosted_services.get("svc")).compute_capabilities is None  # Get does not carry them
    (group,) = await sms.affinity_groups.list()
    assert (
        group.compute_capabilities is not None
        and "A5" in group.compute_capabilities.virtual_machines_role_sizes
    )
    assert (await sms.affinity_groups.get("grp")).compute_capabilities is None


async def test_delete_cloud_service_answers_200_with_a_request_id(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("gone", "gone", location="West US"))
    op = await sms.hosted_services.delete("gone")
    assert op.http_status == 200 and op.request_id
    assert (await op).succeeded
    assert await sms.hosted_services.list() == []
