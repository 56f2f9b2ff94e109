"""``python -m aiosm`` (or ``aiosm``): plan, apply and inspect desired-state runs from a shell.

::

    aiosm plan plan.toml                       # the dry run: what apply would do
    aiosm apply plan.toml --journal run.db     # make it so; run again after a crash to resume
    aiosm status --journal run.db              # where every item of a run stands

The connection options are the session's: ``--subscription-id`` and ``--certificate``
(or ``AZURE_MANAGEMENT_SUBSCRIPTIONID`` / ``AZURE_MANAGEMENT_CERTFILE``), ``--key-file``,
``--password-env NAME`` (the certificate password is read from that variable, never
from the command line), ``--endpoint`` and ``--ca-file``.

Exit codes: 0 everything is in its intended state; 1 some resources are not (failed,
conflict, still in progress); 2 bad usage or an invalid plan; 3 the journal is in use by
another run; 4 (``plan`` only) changes are pending; 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .errors import AsmError, InvalidInputError

__all__ = ["EXIT_CHANGES", "EXIT_FAILED", "EXIT_LOCKED", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_CHANGES = 4
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiosm", description="Desired-state provisioning for Azure Service Management (classic)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{plan,apply,status}")

    connection = argparse.ArgumentParser(add_help=False)
    group = connection.add_argument_group("connection (as ServiceManagementSession)")
    group.add_argument("--subscription-id", help="default: $AZURE_MANAGEMENT_SUBSCRIPTIONID")
    group.add_argument(
        "--certificate", help="PEM, PFX or .publishsettings file; default: $AZURE_MANAGEMENT_CERTFILE"
    )
    group.add_argument("--key-file", help="the private key, when not in the certificate file")
    group.add_argument(
        "--password-env", metavar="NAME", help="environment variable holding the certificate password"
    )
    group.add_argument("--endpoint", help="service endpoint (default https://management.core.windows.net)")
    group.add_argument("--ca-file", help="CA bundle to trust (e.g. the emulator's ca.pem)")
    group.add_argument("--poll-interval", type=float, help="seconds between operation status polls (fixed)")
    group.add_argument("--timeout", type=float, help="seconds one operation may take (default 1800)")
    group.add_argument("--concurrency", type=int, default=50, help="requests in flight at most (default 50)")

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true", help="print a JSON summary instead of text")

    plan = commands.add_parser(
        "plan", parents=[connection, output], help="show what apply would change (sends nothing)"
    )
    plan.add_argument("plan_file", metavar="PLAN", help="plan file (.toml or .json)")
    plan.add_argument("--journal", help="journal of earlier runs (shows operations to await, and --prune)")
    plan.add_argument("--prune", action="store_true", help="also show deletion of what the plan dropped")

    apply = commands.add_parser(
        "apply", parents=[connection, output], help="make the service hold the plan, journaled"
    )
    apply.add_argument("plan_file", metavar="PLAN", help="plan file (.toml or .json)")
    apply.add_argument("--journal", required=True, help="journal file (SQLite); reuse it to resume a run")
    apply.add_argument(
        "--prune", action="store_true", help="delete what this journal created that the plan no longer holds"
    )
    apply.add_argument("--rate-limit", type=float, help="requests per second at most")
    apply.add_argument("--rounds", type=int, default=3, help="passes over transient failures (default 3)")
    apply.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    status = commands.add_parser("status", parents=[output], help="where every item of a journal stands")
    status.add_argument("journal_file", nargs="?", metavar="JOURNAL", help="journal file")
    status.add_argument("--journal", dest="journal_option", help="journal file (same as JOURNAL)")
    return parser


def _session(args: argparse.Namespace) -> Any:
    from .operations import PollPolicy
    from .session import ServiceManagementSession

    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise InvalidInputError(
                "--password-env", f"the environment variable {args.password_env} is not set"
            )
    poll = PollPolicy(
        initial=args.poll_interval if args.poll_interval is not None else 1.0,
        timeout=args.timeout if args.timeout is not None else 1800.0,
    )
    return ServiceManagementSession(
        args.subscription_id,
        args.certificate,
        key_file=args.key_file,
        password=password,
        endpoint=args.endpoint,
        ca_file=args.ca_file,
        poll=poll,
    )


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: Sequence[str]) -> None:
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        for line in lines:
            print(line)


async def _plan(args: argparse.Namespace) -> int:
    from .apply import diff
    from .plan import load_plan

    plan = load_plan(args.plan_file)
    async with _session(args) as session:
        result = await diff(
            session, plan, journal=args.journal, prune=args.prune, concurrency=args.concurrency
        )
    _emit(args, result.to_dict(), str(result).splitlines())
    if result.conflicts:
        return EXIT_FAILED
    return EXIT_CHANGES if result.has_changes else EXIT_OK


def _progress(args: argparse.Namespace, total: int) -> tuple[Callable[[Any], None] | None, Any]:
    if args.no_progress or args.json or not sys.stderr.isatty():
        return None, None
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        return None, None
    bar = tqdm(total=total, unit="res", desc="apply", file=sys.stderr)

    failed = 0

    def advance(result: Any) -> None:
        nonlocal failed
        failed += not result.ok
        bar.update(1)
        if failed:
            bar.set_postfix(failed=failed, refresh=False)

    return advance, bar


async def _apply(args: argparse.Namespace) -> int:
    from .apply import apply
    from .plan import load_plan

    plan = load_plan(args.plan_file)
    on_result, bar = _progress(args, len(plan))
    try:
        async with _session(args) as session:
            report = await apply(
                session,
                plan,
                args.journal,
                prune=args.prune,
                concurrency=args.concurrency,
                rate_limit=args.rate_limit,
                rounds=args.rounds,
                poll_interval=args.poll_interval,
                on_result=on_result,
            )
    finally:
        if bar is not None:
            bar.close()
    counts = report.counts()
    lines = [
        f"{'ok' if r.ok else 'FAILED'} {r.action.value} {r.key}" + (f": {r.error}" if r.error else "")
        for r in report.results
        if not r.ok
    ]
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    lines.append(f"{summary} in {report.elapsed:.1f} s ({report.rounds} round(s)); journal {args.journal}")
    _emit(args, report.to_dict(), lines)
    return EXIT_OK if report.ok else EXIT_FAILED


def _status(args: argparse.Namespace) -> int:
    from .journal import JournalState, read_journal

    path = args.journal_file or args.journal_option
    if not path:
        raise InvalidInputError("JOURNAL", "give the journal file")
    try:
        entries = read_journal(path)
    except FileNotFoundError as exc:
        raise InvalidInputError("JOURNAL", str(exc)) from None
    counts = dict.fromkeys((state.value for state in JournalState), 0)
    lines = []
    for entry in entries.values():
        counts[entry.state.value] += 1
        line = f"{entry.state.value:9} {entry.action:8} {entry.key}"
        if entry.request_id and entry.state is not JournalState.SUCCEEDED:
            line += f" (request {entry.request_id})"
        if entry.error and entry.state is not JournalState.SUCCEEDED:
            line += f": {entry.error}"
        lines.append(line)
    lines.append(", ".join(f"{count} {state}" for state, count in counts.items()))
    data = {"counts": counts, "items": [entry.to_dict() for entry in entries.values()]}
    _emit(args, data, lines)
    if counts["succeeded"] == len(entries):
        return EXIT_OK
    return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    from .journal import JournalLockedError

    try:
        if args.command == "status":
            return _status(args)
        runner = _plan if args.command == "plan" else _apply
        return asyncio.run(runner(args))
    except JournalLockedError as exc:
        print(f"aiosm: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except InvalidInputError as exc:
        print(f"aiosm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AsmError as exc:
        print(f"aiosm: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("aiosm: interrupted; run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
