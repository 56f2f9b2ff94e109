"""``python -m aiosm.emulator``: run the ASM emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from .app import Emulator
from .faults import parse_fault_spec


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr and exit status 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _latency(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 86400 seconds")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 65535")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aiosm-emulator",
        description="Serve the Azure Service Management API (emulated) over mutual TLS.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8443, help="port (default 8443; 0 picks a free one)")
    parser.add_argument(
        "--latency", type=_latency, default=0.0, help="seconds a long operation stays InProgress"
    )
    parser.add_argument(
        "--disk-lease",
        type=_latency,
        default=2.0,
        help="seconds a deleted VM's disks stay leased (cannot be deleted or attached; default 2)",
    )
    parser.add_argument("--state-dir", type=Path, help="keep state in SQLite here (default: in memory)")
    parser.add_argument(
        "--cert-dir",
        type=Path,
        default=Path.home() / ".aiosm-emulator",
        help="where the CA, server and management certificates are made (default ~/.aiosm-emulator)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND:PROBABILITY",
        help="inject a fault, e.g. 503:0.1 (also 500, 429, reset, slow, failed); repeatable",
    )
    parser.add_argument("--seed", type=int, help="seed of the fault generator (repeatable runs)")
    parser.add_argument(
        "--control-token",
        default=os.environ.get("AIOSM_EMULATOR_CONTROL_TOKEN"),
        help="token the /_emulator control routes require in the x-aiosm-emulator-token header "
        "(default: $AIOSM_EMULATOR_CONTROL_TOKEN, else random, printed at start)",
    )
    return parser


async def _serve(args: argparse.Namespace) -> None:
    emulator = Emulator(
        latency=args.latency,
        state_dir=args.state_dir,
        cert_dir=args.cert_dir,
        host=args.host,
        port=args.port,
        seed=args.seed,
        control_token=args.control_token,
        disk_lease=args.disk_lease,
    )
    for spec in args.fault:
        emulator.faults.add(parse_fault_spec(spec))
    try:
        await emulator.start()
    except BaseException:
        await emulator.stop()
        raise
    print(f"subscription id:   {emulator.subscription_id}")
    print(f"endpoint:          {emulator.endpoint}")
    print(f"certificate (PEM): {emulator.certificate_file}")
    print(f"certificate (CER): {emulator.cer_file}")
    print(f"certificate (PFX): {emulator.pfx_file}")
    print(f"publishsettings:   {emulator.publishsettings_file}")
    print(f"CA file:           {emulator.ca_file}")
    print(f"control token:     {emulator.control_token}")
    print("ready; Ctrl-C to stop", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
            pass
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        for spec in args.fault:
            parse_fault_spec(spec)
    except ValueError as exc:
        print(f"aiosm-emulator: --fault: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port is taken, the address is not local, a directory is not writable
        print(
            f"aiosm-emulator: cannot start on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
