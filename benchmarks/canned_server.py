"""A minimal mutual-TLS aiohttp server answering ASM GETs with canned XML (pure client-overhead runs).

``python benchmarks/canned_server.py --cert-dir DIR [--port 0]`` makes (or reuses) the emulator's
certificates in DIR, requires a client certificate signed by that CA, and prints ``PORT <n>``.
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import sys
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures import HOSTED_SERVICE, os_image_list

_HEADERS = {
    "Content-Type": "application/xml; charset=utf-8",
    "x-ms-request-id": "8c4ab28f5ac6b368866748383ac48ebe",
}


def make_app(images: bytes) -> web.Application:
    async def hosted_service(request: web.Request) -> web.Response:
        return web.Response(body=HOSTED_SERVICE, headers=_HEADERS)

    async def list_images(request: web.Request) -> web.Response:
        return web.Response(body=images, headers=_HEADERS)

    app = web.Application()
    app.router.add_get("/{subscription}/services/hostedservices/{name}", hosted_service)
    app.router.add_get("/{subscription}/services/images", list_images)
    return app


def server_context(cert_dir: Path) -> ssl.SSLContext:
    from aiosm.emulator.certs import ensure_certificates

    bundle = ensure_certificates(cert_dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(bundle.ca_file))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(str(bundle.server_file))
    return context


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert-dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--images", type=int, default=2000)
    args = parser.parse_args()
    runner = web.AppRunner(make_app(os_image_list(args.images)), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port, ssl_context=server_context(args.cert_dir))
    await site.start()
    port = runner.addresses[0][1]
    print(f"PORT {port}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
