"""Models of management certificates: the X.509 certificates allowed to call a subscription."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text

__all__ = ["AddSubscriptionCertificate", "SubscriptionCertificate", "SubscriptionCertificateList"]


class AddSubscriptionCertificate(XmlModel):
    """Body of Add Management Certificate: the public key, the thumbprint and the .cer, base64."""

    __xml_root__ = "SubscriptionCertificate"
    public_key: str = Field(alias="SubscriptionCertificatePublicKey")
    thumbprint: str = Field(alias="SubscriptionCertificateThumbprint")
    data: str = Field(alias="SubscriptionCertificateData")


class SubscriptionCertificate(XmlModel):
    """A management certificate of the subscription (public parts only) and when it was added."""

    __xml_root__ = "SubscriptionCertificate"
    subscription_certificate_public_key: Text = ""
    subscription_certificate_thumbprint: Text = ""
    subscription_certificate_data: Text = ""
    created: datetime | None = None


class SubscriptionCertificateList(XmlModel):
    """``GET /certificates``."""

    __xml_root__ = "SubscriptionCertificates"
    subscription_certificates: Annotated[
        list[SubscriptionCertificate], XmlList("SubscriptionCertificate", wrapper=False)
    ] = Field(default_factory=list)
