"""Resource clients, one per family; reach them through a session (``session.hosted_services``)."""

from .affinity_groups import AffinityGroupsClient
from .deployments import DeploymentsClient, DeploymentStatus, UpgradeMode
from .hosted_services import HostedServicesClient
from .locations import LocationsClient
from .operating_systems import OperatingSystemsClient
from .os_images import OSImagesClient
from .storage_accounts import StorageAccountsClient
from .subscriptions import SubscriptionsClient
from .virtual_machines import VirtualMachinesClient

__all__ = [
    "AffinityGroupsClient",
    "DeploymentStatus",
    "DeploymentsClient",
    "HostedServicesClient",
    "LocationsClient",
    "OSImagesClient",
    "OperatingSystemsClient",
    "StorageAccountsClient",
    "SubscriptionsClient",
    "UpgradeMode",
    "VirtualMachinesClient",
]
