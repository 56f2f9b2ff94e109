"""aiosm.journal: group commit, lazy records, the lock, reading without the lock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from aiosm import AsmError
from aiosm.journal import Journal, JournalLockedError, JournalState, read_journal

LOCATOR = {"kind": "cloud_service", "name": "x"}


async def test_concurrent_records_share_one_commit(tmp_path: Path) -> None:
    async with Journal(tmp_path / "run.db") as journal:
        await asyncio.gather(
            *(
                journal.record(
                    f"cloud_service/s{i}", state=JournalState.INTENT, action="create", locator=LOCATOR
                )
                for i in range(200)
            )
        )
        assert journal.commits == 1
    entries = read_journal(tmp_path / "run.db")
    assert len(entries) == 200
    assert {(e.state, e.attempts) for e in entries.values()} == {(JournalState.INTENT, 1)}


async def test_records_nobody_waits_for_are_committed_by_flush_or_close(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    async with Journal(path) as journal:
        await journal.record("cloud_service/a", state=JournalState.INTENT, action="create", locator=LOCATOR)
        await journal.record("cloud_service/a", state=JournalState.ACCEPTED, request_id="a" * 32, wait=False)
        assert journal.get("cloud_service/a").state is JournalState.ACCEPTED  # type: ignore[union-attr]
        assert read_journal(path)["cloud_service/a"].state is JournalState.INTENT  # not committed yet
        await journal.flush()
        assert read_journal(path)["cloud_service/a"].request_id == "a" * 32
        await journal.record("cloud_service/a", state=JournalState.SUCCEEDED, request_id="a" * 32, wait=False)
    entry = read_journal(path)["cloud_service/a"]  # close committed it
    assert (entry.state, entry.action, entry.locator, entry.in_doubt) == (
        JournalState.SUCCEEDED,
        "create",
        LOCATOR,
        False,
    )


async def test_in_doubt_means_maybe_sent(tmp_path: Path) -> None:
    async with Journal(tmp_path / "run.db") as journal:
        intent = await journal.record("k", state=JournalState.INTENT, action="create", locator=LOCATOR)
        lost = await journal.record("k", state=JournalState.FAILED, error="reset", maybe_sent=True)
        refused = await journal.record("k", state=JournalState.FAILED, error="409", maybe_sent=False)
        accepted = await journal.record("k", state=JournalState.ACCEPTED, request_id="b" * 32)
    assert [e.in_doubt for e in (intent, lost, refused, accepted)] == [True, True, False, False]


async def test_one_run_per_journal(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    first = Journal(path).open()
    try:
        with pytest.raises(JournalLockedError) as caught:
            Journal(path).open()
        assert caught.value.path == path
        assert "only one run may use a journal at a time" in str(caught.value)
        assert read_journal(path) == {}  # reading needs no lock
    finally:
        await first.close()
    second = Journal(path).open()  # released on close
    await second.close()


def test_reading_what_is_not_a_journal(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database")
    with pytest.raises(AsmError, match="is not an aiosm journal"):
        read_journal(tmp_path / "notes.db")
    with pytest.raises(FileNotFoundError):
        read_journal(tmp_path / "missing.db")
