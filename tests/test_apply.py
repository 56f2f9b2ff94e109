"""aiosm.apply against the in-process emulator: dry run, journal semantics, resume, concurrency guard."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from plans import (
    CONFIGURATION,
    assert_created_exactly_once,
    assert_journal_all_succeeded,
    assert_service_holds,
    big_plan,
)

from aiosm import AsyncOperation, InvalidInputError, PollPolicy, ServiceManagementSession
from aiosm.__main__ import main
from aiosm.apply import Action, apply, diff
from aiosm.emulator import Emulator, running
from aiosm.journal import Journal, JournalLockedError, JournalState, read_journal
from aiosm.plan import (
    AffinityGroupSpec,
    CloudServiceSpec,
    DeploymentSpec,
    Plan,
    ResourceSpec,
    StorageAccountSpec,
    VirtualMachineSpec,
)

FAST = PollPolicy(initial=0.02, jitter=0.0, timeout=60.0)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with running(latency=0.05, seed=11) as emu:
        yield emu


@pytest.fixture
async def session(emulator: Emulator) -> AsyncIterator[ServiceManagementSession]:
    async with emulator.session(poll=FAST) as opened:
        yield opened


def creates(emulator: Emulator) -> Counter[str]:
    return Counter({k: v for k, v in emulator.faults.mutations.items() if k.startswith("create_")})


def small_plan(label: str = "web") -> Plan:
    return Plan(
        [
            AffinityGroupSpec(name="grp", location="West US"),
            CloudServiceSpec(name="websvc", affinity_group="grp", label=label),
            StorageAccountSpec(name="webstore", location="West US"),
            DeploymentSpec(
                service="websvc", name="v1", package_url="https://x/app.cspkg", configuration=CONFIGURATION
            ),
        ]
    )


# -- the acceptance test, in-process ---------------------------------------------------------------


async def test_apply_survives_20_cancellations(tmp_path: Path) -> None:
    plan = big_plan("cancel")
    journal = tmp_path / "run.db"
    rng = random.Random(20)
    async with running(latency=0.2, seed=5) as emu:
        for kind in ("internal_error", "reset"):
            emu.inject_fault(kind, count=None, probability=0.025)  # 5 % of requests in all
        async with emu.session(poll=FAST) as session:
            interrupted = 0
            for _ in range(20):
                task = asyncio.create_task(apply(session, plan, journal, concurrency=10, poll_interval=0.02))
                await asyncio.sleep(rng.uniform(0.05, 0.8))
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    states = {entry.state for entry in read_journal(journal).values()}
                    interrupted += bool(states & {JournalState.INTENT, JournalState.ACCEPTED})
                await asyncio.sleep(0.01)  # as a restarted process would: the old requests have landed
            for _ in range(5):
                report = await apply(session, plan, journal, concurrency=50, poll_interval=0.02)
                if report.ok:
                    break
            assert report.ok, report.failed
            assert interrupted > 0, "no cancellation interrupted the run: nothing was resumed"
            await assert_service_holds(session, plan)
        assert_created_exactly_once(emu.faults.describe(), plan, emu.subscription_id)
    assert_journal_all_succeeded(read_journal(journal), plan)


# -- the journal's promises ------------------------------------------------------------------------------


async def test_a_second_run_on_the_same_journal_is_refused(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(small_plan().to_dict()))
    connection = cli_connection(emulator)
    async with Journal(journal):
        with pytest.raises(JournalLockedError, match=r"in use by another run \(process \d+\)"):
            await apply(session, small_plan(), journal)
        # another process is refused as well, with its own exit code
        completed = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "aiosm", "apply", str(plan_file), "--journal", str(journal), *connection],
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 3, completed.stderr
        assert "is in use by another run" in completed.stderr
    assert creates(emulator) == Counter()  # nothing was sent
    report = await apply(session, small_plan(), journal)  # released: the next run goes ahead
    assert report.ok


async def test_an_accepted_operation_is_awaited_by_its_request_id(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.set_latency(0.3)
    spec = StorageAccountSpec(name="acceptedstore", location="West US")
    operation = await session.storage_accounts.create(spec.name, None, spec.name, location="West US")
    journal = tmp_path / "run.db"
    async with Journal(journal) as open_journal:  # what a run killed after the 202 left behind
        await open_journal.record(
            spec.key, state=JournalState.INTENT, action="create", locator=spec.locator()
        )
        await open_journal.record(spec.key, state=JournalState.ACCEPTED, request_id=operation.request_id)

    planned = await diff(session, Plan([spec]), journal=journal)
    assert [(c.action, c.request_id) for c in planned.changes] == [(Action.AWAIT, operation.request_id)]

    report = await apply(session, Plan([spec]), journal, poll_interval=0.02)
    assert report.ok
    assert creates(emulator) == Counter({"create_storage_account acceptedstore": 1})  # no second POST
    entry = read_journal(journal)[spec.key]
    assert (entry.state, entry.request_id, entry.attempts) == (
        JournalState.SUCCEEDED,
        operation.request_id,
        1,
    )


async def test_an_in_doubt_create_still_running_is_waited_for_not_resent(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.set_latency(0.3)
    spec = StorageAccountSpec(name="doubtstore", location="West US")
    await session.storage_accounts.create(spec.name, None, spec.name, location="West US")  # answer "lost"
    journal = tmp_path / "run.db"
    async with Journal(journal) as open_journal:
        await open_journal.record(
            spec.key, state=JournalState.INTENT, action="create", locator=spec.locator()
        )

    planned = await diff(session, Plan([spec]), journal=journal)
    assert planned.changes[0].action is Action.AWAIT  # not found, but its name is taken: in progress

    report = await apply(session, Plan([spec]), journal, poll_interval=0.02)
    assert report.ok
    assert report.results[0].sent == 0
    assert creates(emulator) == Counter({"create_storage_account doubtstore": 1})
    assert read_journal(journal)[spec.key].state is JournalState.SUCCEEDED


async def test_an_in_doubt_create_is_read_first_and_sent_only_when_absent(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    landed = CloudServiceSpec(name="landed", location="West US")
    lost = CloudServiceSpec(name="lost", location="West US")
    await (await session.hosted_services.create("landed", "landed", location="West US"))
    journal = tmp_path / "run.db"
    async with Journal(journal) as open_journal:
        for spec in (landed, lost):
            await open_journal.record(
                spec.key, state=JournalState.INTENT, action="create", locator=spec.locator()
            )

    report = await apply(session, Plan([landed, lost]), journal)
    assert report.ok
    assert [(r.key, r.action, r.sent) for r in report.results] == [
        ("cloud_service/landed", Action.LEAVE, 0),
        ("cloud_service/lost", Action.CREATE, 1),
    ]
    assert creates(emulator) == Counter({"create_hosted_service landed": 1, "create_hosted_service lost": 1})
    entries = read_journal(journal)
    assert [entries[k].attempts for k in ("cloud_service/landed", "cloud_service/lost")] == [1, 2]


# -- the diff --------------------------------------------------------------------------------------


async def test_the_dry_run_shows_create_update_leave_delete_and_conflict(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    assert (await apply(session, small_plan(), journal, poll_interval=0.02)).ok
    sent = creates(emulator)

    changed = Plan(
        [
            AffinityGroupSpec(name="grp", location="West US"),
            CloudServiceSpec(name="websvc", affinity_group="grp", label="renamed"),
            StorageAccountSpec(name="webstore", location="East US"),
            CloudServiceSpec(name="newsvc", location="West US"),
        ]
    )
    planned = await diff(session, changed, journal=journal, prune=True)
    assert [c.describe() for c in planned.changes] == [
        "= leave affinity_group/grp",
        "~ update cloud_service/websvc (label: 'web' -> 'renamed')",
        "! conflict storage_account/webstore (location: 'West US' -> 'East US') "
        "[location cannot be changed in place: delete and re-create it]",
        "+ create cloud_service/newsvc",
        "- delete deployment/websvc/production [not in the plan]",
    ]
    assert planned.summary() == "1 to create, 1 to update, 1 to leave, 1 to delete, 1 conflicts, 0 to await"
    assert creates(emulator) == sent  # the dry run sent nothing
    without_prune = await diff(session, changed, journal=journal)
    assert [c.action for c in without_prune.changes].count(Action.DELETE) == 0

    report = await apply(session, changed, journal, prune=True, poll_interval=0.02)
    assert not report.ok
    assert [r.key for r in report.failed] == ["storage_account/webstore"]
    service = await session.hosted_services.get("websvc", embed_detail=True)
    assert (service.hosted_service_properties.label, service.deployments) == ("renamed", [])
    assert (await session.hosted_services.get("newsvc")).service_name == "newsvc"
    entries = read_journal(journal)
    assert entries["deployment/websvc/production"].action == "delete"
    assert entries["storage_account/webstore"].state is JournalState.FAILED


async def test_deployment_state_and_configuration_are_updated_in_place(
    session: ServiceManagementSession, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    assert (await apply(session, small_plan(), journal, poll_interval=0.02)).ok
    new_configuration = CONFIGURATION.replace('count="1"', 'count="3"')
    stopped = Plan(
        [
            *small_plan().resources[:3],
            DeploymentSpec(
                service="websvc",
                name="v1",
                package_url="https://x/app.cspkg",
                configuration=new_configuration,
                running=False,
            ),
        ]
    )
    planned = await diff(session, stopped)
    assert planned.changes[3].action is Action.UPDATE
    assert set(planned.changes[3].differences) == {"running", "configuration"}
    assert (await apply(session, stopped, journal, poll_interval=0.02)).ok
    deployment = await session.deployments.get_by_slot("websvc", "production")
    assert (deployment.status, len(deployment.role_instance_list)) == ("Suspended", 3)
    assert not (await diff(session, stopped)).has_changes


async def test_a_vm_without_its_password_variable_fails_before_any_request(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIOSM_TEST_VM_PASSWORD", raising=False)
    vm = VirtualMachineSpec(
        service="vmsvc",
        name="vm1",
        image="OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd",
        media_link="https://x.blob.core.windows.net/vhds/vm1.vhd",
        password_env="AIOSM_TEST_VM_PASSWORD",
    )
    plan = Plan([CloudServiceSpec(name="vmsvc", location="West US"), vm])
    with pytest.raises(InvalidInputError, match="AIOSM_TEST_VM_PASSWORD"):
        await apply(session, plan, tmp_path / "run.db")
    assert creates(emulator) == Counter()

    monkeypatch.setenv("AIOSM_TEST_VM_PASSWORD", "Secret-Passw0rd")
    report = await apply(session, plan, tmp_path / "run.db", poll_interval=0.02)
    assert report.ok
    assert "Secret-Passw0rd" not in (tmp_path / "run.db").read_bytes().decode("latin-1")
    assert (await session.virtual_machines.get_role("vmsvc", "vm1", "vm1")).role_size == "Small"


# -- the command line, in this process -------------------------------------------------------------------


def cli_connection(emulator: Emulator) -> list[str]:
    return [
        "--subscription-id",
        emulator.subscription_id,
        "--certificate",
        str(emulator.certificate_file),
        "--ca-file",
        str(emulator.ca_file),
        "--endpoint",
        emulator.endpoint,
        "--poll-interval",
        "0.02",
    ]


async def test_cli_plan_apply_status_exit_codes(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(small_plan().to_dict()))
    journal = str(tmp_path / "run.db")
    connection = cli_connection(emulator)

    def run(*args: str) -> int:
        return main(list(args))

    assert await asyncio.to_thread(run, "plan", str(plan_file), *connection) == 4  # changes pending
    assert "4 to create, 0 to update" in capsys.readouterr().out
    assert (
        await asyncio.to_thread(run, "apply", str(plan_file), "--journal", journal, *connection, "--json")
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert (summary["ok"], summary["counts"]["create"]) == (True, 4)
    assert await asyncio.to_thread(run, "plan", str(plan_file), *connection) == 0  # in sync
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 to create, 0 to update, 4 to leave")
    assert await asyncio.to_thread(run, "status", journal, "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"] == {"intent": 0, "accepted": 0, "succeeded": 4, "failed": 0}

    plan_file.write_text(json.dumps({"cloud_services": [{"name": "bad_name", "location": "West US"}]}))
    assert await asyncio.to_thread(run, "plan", str(plan_file), *connection) == 2
    assert "cloud_services[0].name: must be 1-63 letters" in capsys.readouterr().err


async def test_assume_new_creates_without_reading_and_adopts_what_exists(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    await (await session.hosted_services.create("already", "already", location="West US"))
    plan = Plan(
        [
            CloudServiceSpec(name="already", location="West US"),
            CloudServiceSpec(name="fresh", location="West US"),
        ]
    )
    report = await apply(session, plan, tmp_path / "run.db", assume_new=True)
    assert report.ok
    assert report.rounds == 2  # the 409 sent "already" to be read in a second round
    assert [(r.key, r.action) for r in report.results] == [
        ("cloud_service/already", Action.LEAVE),
        ("cloud_service/fresh", Action.CREATE),
    ]
    assert emulator.faults.answers["POST 409"] == 1


async def test_the_intent_is_committed_before_the_request_is_sent(
    session: ServiceManagementSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosm import reconcile

    journal = tmp_path / "run.db"
    seen: dict[str, tuple[JournalState, int]] = {}
    send = reconcile.create

    async def spy(session: ServiceManagementSession, spec: ResourceSpec) -> AsyncOperation:
        entry = read_journal(journal)[spec.key]  # another connection: only what is committed
        seen[spec.key] = (entry.state, entry.attempts)
        return await send(session, spec)

    monkeypatch.setattr(reconcile, "create", spy)
    plan = small_plan()
    assert (await apply(session, plan, journal, poll_interval=0.02)).ok
    assert seen == {spec.key: (JournalState.INTENT, 1) for spec in plan.resources}
    entries = read_journal(journal)
    assert {entry.request_id is not None for entry in entries.values()} == {True}


async def test_a_request_id_the_service_forgot_is_settled_by_reading(
    session: ServiceManagementSession, emulator: Emulator, tmp_path: Path
) -> None:
    spec = CloudServiceSpec(name="forgotten", location="West US")
    await (await session.hosted_services.create("forgotten", "forgotten", location="West US"))
    journal = tmp_path / "run.db"
    async with Journal(journal) as open_journal:
        await open_journal.record(
            spec.key, state=JournalState.INTENT, action="create", locator=spec.locator()
        )
        await open_journal.record(spec.key, state=JournalState.ACCEPTED, request_id="f" * 32)  # unknown id
    report = await apply(session, Plan([spec]), journal)
    assert report.ok
    assert [(r.action, r.sent) for r in report.results] == [(Action.LEAVE, 0)]
    assert creates(emulator) == Counter({"create_hosted_service forgotten": 1})
