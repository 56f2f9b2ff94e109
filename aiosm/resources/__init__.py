"""Resource clients, one per family; reach them through a session (``session.hosted_services``)."""

from .affinity_groups import AffinityGroupsClient
from .certificates import ServiceCertificatesClient
from .data_disks import DataDisksClient
from .deployments import DeploymentsClient, DeploymentStatus, UpgradeMode
from .disks import DisksClient
from .dns_servers import DnsServersClient
from .hosted_services import HostedServicesClient
from .locations import LocationsClient
from .management_certificates import ManagementCertificatesClient
from .operating_systems import OperatingSystemsClient
from .os_images import OSImagesClient
from .reserved_ips import ReservedIPsClient
from .resource_extensions import ResourceExtensionsClient
from .role_instances import RoleInstancesClient
from .roles import RolesClient
from .storage_accounts import StorageAccountsClient
from .subscriptions import SubscriptionsClient
from .virtual_machines import VirtualMachinesClient
from .virtual_networks import VirtualNetworksClient
from .vm_images import VMImagesClient

__all__ = [
    "AffinityGroupsClient",
    "DataDisksClient",
    "DeploymentStatus",
    "DeploymentsClient",
    "DisksClient",
    "DnsServersClient",
    "HostedServicesClient",
    "LocationsClient",
    "ManagementCertificatesClient",
    "OSImagesClient",
    "OperatingSystemsClient",
    "ReservedIPsClient",
    "ResourceExtensionsClient",
    "RoleInstancesClient",
    "RolesClient",
    "ServiceCertificatesClient",
    "StorageAccountsClient",
    "SubscriptionsClient",
    "UpgradeMode",
    "VMImagesClient",
    "VirtualMachinesClient",
    "VirtualNetworksClient",
]
