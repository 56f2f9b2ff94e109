"""Affinity groups: create, get, list, update."""

from __future__ import annotations

from datetime import datetime, timezone

from .replay import replaying

P = "test_legacy_mgmt_affinitygroup."


async def test_create_affinity_group() -> None:
    async with replaying(P + "test_create_affinity_group") as (rec, replayer, session):
        replayer.serve(0)
        op = await session.affinity_groups.create(
            "utaffgrpaa4e1795", "tstmgmtaffgrp", "West US", "tstmgmt affinity group"
        )
        assert op.http_status == 201 and op.request_id == rec[0].request_id
        assert (await op.wait(poll_interval=0)).succeeded  # 201: no poll
        replayer.serve(1)
        group = await session.affinity_groups.get("utaffgrpaa4e1795")
    assert group.name == "utaffgrpaa4e1795"
    assert group.label == "tstmgmtaffgrp"
    assert group.description == "tstmgmt affinity group"
    assert group.location == "West US"
    assert group.hosted_services == [] and group.storage_services == []
    assert group.capabilities == ["PersistentVMRole", "HighMemory"]
    assert group.created_time == datetime(2015, 6, 30, 23, 59, 0, tzinfo=timezone.utc)


async def test_list_affinity_groups() -> None:
    async with replaying(P + "test_list_affinity_groups") as (_rec, replayer, session):
        replayer.serve(0)
        await session.affinity_groups.create(
            "utaffgrp94d31750", "tstmgmtaffgrp", "West US", "tstmgmt affinity group"
        )
        replayer.serve(1)
        groups = await session.affinity_groups.list()
    assert len(groups) == 13
    (mine,) = [g for g in groups if g.name == "utaffgrp94d31750"]
    assert (mine.label, mine.description, mine.location) == (
        "tstmgmtaffgrp",
        "tstmgmt affinity group",
        "West US",
    )
    assert "PersistentVMRole" in mine.capabilities
    assert all(g.name and g.location for g in groups)


async def test_update_affinity_group() -> None:
    async with replaying(P + "test_update_affinity_group") as (rec, replayer, session):
        replayer.serve(0)
        await session.affinity_groups.create(
            "utaffgrpab8d17a4", "tstmgmtaffgrp", "West US", "tstmgmt affinity group"
        )
        replayer.serve(1)
        op = await session.affinity_groups.update(
            "utaffgrpab8d17a4", "tstlabelupdate", "testmgmt affinity group update"
        )
        assert op.http_status == 200 and op.request_id == rec[1].request_id
        replayer.serve(2)
        group = await session.affinity_groups.get("utaffgrpab8d17a4")
    assert group.label == "tstlabelupdate"
    assert group.description == "testmgmt affinity group update"
