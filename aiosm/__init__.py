"""aiosm: an asyncio client for the Azure Service Management (classic) REST API.

``from aiosm import *`` gives the session, the legacy-named facade
(``ServiceManagementService``), the request types users build and the errors.
"""

__version__ = "0.1.0"

from .compat import ServiceManagementService
from .errors import *  # noqa: F403
from .errors import __all__ as _errors_all
from .models import (
    SSH,
    AccountType,
    AffinityGroup,
    CertificateSetting,
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DataVirtualHardDisk,
    Deployment,
    DeploymentSlot,
    DomainJoin,
    DomainJoinCredentials,
    HostedService,
    KeyPair,
    LinuxConfigurationSet,
    Listener,
    LoadBalancerProbe,
    Location,
    OperatingSystem,
    OperatingSystemFamily,
    Operation,
    OperationStatus,
    OSImage,
    OSVirtualHardDisk,
    PublicIPConfiguration,
    PublicKey,
    StorageService,
    WindowsConfigurationSet,
    WinRM,
)
from .operations import AsyncOperation, PollPolicy
from .pipeline import Policy, Request, Response
from .secret import Secret
from .session import ServiceManagementSession
from .transport import MockTransport, RetryPolicy

__all__ = [
    "SSH",
    "AccountType",
    "AffinityGroup",
    "AsyncOperation",
    "CertificateSetting",
    "ConfigurationSet",
    "ConfigurationSetInputEndpoint",
    "DataVirtualHardDisk",
    "Deployment",
    "DeploymentSlot",
    "DomainJoin",
    "DomainJoinCredentials",
    "HostedService",
    "KeyPair",
    "LinuxConfigurationSet",
    "Listener",
    "LoadBalancerProbe",
    "Location",
    "MockTransport",
    "OSImage",
    "OSVirtualHardDisk",
    "OperatingSystem",
    "OperatingSystemFamily",
    "Operation",
    "OperationStatus",
    "Policy",
    "PollPolicy",
    "PublicIPConfiguration",
    "PublicKey",
    "Request",
    "Response",
    "RetryPolicy",
    "Secret",
    "ServiceManagementService",
    "ServiceManagementSession",
    "StorageService",
    "WinRM",
    "WindowsConfigurationSet",
    "__version__",
    *_errors_all,
]
