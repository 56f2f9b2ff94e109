"""An embedded ASM emulator: the Service Management REST API over mutual TLS, on loopback.

::

    async with aiosm.emulator.running() as emu:
        async with emu.session() as session:
            await (await session.hosted_services.create("mysvc", "label", location="West US"))

Start one from a shell with ``python -m aiosm.emulator`` (or ``aiosm-emulator``).
"""

from .app import Emulator, build_app, running
from .certs import DEFAULT_SUBSCRIPTION_ID, CertificateBundle, ensure_certificates
from .faults import FAULT_KINDS, Fault

__all__ = [
    "DEFAULT_SUBSCRIPTION_ID",
    "FAULT_KINDS",
    "CertificateBundle",
    "Emulator",
    "Fault",
    "build_app",
    "ensure_certificates",
    "running",
]
