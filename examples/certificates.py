"""Upload a PFX to a cloud service, read it back by thumbprint, and allow a new management certificate."""

import asyncio
from datetime import datetime, timedelta, timezone

from _target import target_session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def self_signed(cn: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = datetime.now(timezone.utc)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now)
    return builder.not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()), key


async def main() -> None:
    async with target_session() as session:
        service = "aiosm-example-certs"
        await (await session.hosted_services.create(service, "certificates example", location="West US"))
        cert, key = self_signed("aiosm example")
        password = b"example password"
        pfx = pkcs12.serialize_key_and_certificates(
            b"example", key, cert, None, serialization.BestAvailableEncryption(password)
        )
        await (await session.certificates.add(service, pfx, "pfx", password.decode()))
        for listed in await session.certificates.list(service):
            print("service certificate", listed.thumbprint_algorithm, listed.thumbprint)
        thumbprint = cert.fingerprint(hashes.SHA1()).hex().upper()
        public = await session.certificates.get(service, "sha1", thumbprint)
        print("public part only:", len(public.data) > 0)
        await (await session.certificates.delete(service, "sha1", thumbprint))
        await (await session.hosted_services.delete(service))

        # A management certificate: its holder may call this subscription until it is deleted.
        public_key = cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.PKCS1
        )
        der = cert.public_bytes(serialization.Encoding.DER)
        await session.management_certificates.add(public_key, thumbprint, der)
        allowed = [
            c.subscription_certificate_thumbprint for c in await session.management_certificates.list()
        ]
        print("management certificate allowed:", thumbprint in allowed)
        await session.management_certificates.delete(thumbprint)


if __name__ == "__main__":
    asyncio.run(main())
