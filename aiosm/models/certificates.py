"""Models of service certificates: the X.509 certificates a cloud service's roles can use."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..secret import Secret
from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = ["Certificate", "CertificateFile", "CertificateFormat", "CertificateList"]


class CertificateFormat(AsmEnum):
    """How a service certificate is uploaded: ``pfx`` (with its private key) or ``cer`` (public only)."""

    PFX = "pfx"
    CER = "cer"


class CertificateFile(XmlModel):
    """Body of Add Service Certificate: the base64 file, its format and the PFX password (secrets)."""

    __xml_root__ = "CertificateFile"
    data: Secret
    certificate_format: CertificateFormat
    password: Secret = Secret("")


class Certificate(XmlModel):
    """A service certificate: only its public part (``data``, base64 DER) is ever returned.

    Get Service Certificate answers ``data`` alone; the list gives every field.
    """

    __xml_root__ = "Certificate"
    certificate_url: Text = ""
    thumbprint: Text = ""
    thumbprint_algorithm: Text = ""
    data: Text = ""


class CertificateList(XmlModel):
    """``GET .../certificates`` of a cloud service."""

    __xml_root__ = "Certificates"
    certificates: Annotated[list[Certificate], XmlList("Certificate", wrapper=False)] = Field(
        default_factory=list
    )
