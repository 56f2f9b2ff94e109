"""Resource clients, one per family; reach them through a session (``session.hosted_services``)."""

from .affinity_groups import AffinityGroupsClient
from .application_gateways import ApplicationGatewaysClient
from .certificates import ServiceCertificatesClient
from .data_disks import DataDisksClient
from .deployments import DeploymentsClient, DeploymentStatus, UpgradeMode
from .disks import DisksClient
from .dns_servers import DnsServersClient
from .gateways import VirtualNetworkGatewaysClient
from .hosted_services import HostedServicesClient
from .load_balancers import LoadBalancersClient
from .locations import LocationsClient
from .management_certificates import ManagementCertificatesClient
from .network import NetworkConfigurationClient
from .network_security_groups import NetworkSecurityGroupsClient
from .operating_systems import OperatingSystemsClient
from .os_images import OSImagesClient
from .reserved_ips import ReservedIPsClient
from .resource_extensions import ResourceExtensionsClient
from .role_instances import RoleInstancesClient
from .roles import RolesClient
from .route_tables import RouteTablesClient
from .storage_accounts import StorageAccountsClient
from .subscriptions import SubscriptionsClient
from .traffic_manager import TrafficManagerClient
from .virtual_machines import VirtualMachinesClient
from .virtual_networks import VirtualNetworksClient
from .vm_images import VMImagesClient

__all__ = [
    "AffinityGroupsClient",
    "ApplicationGatewaysClient",
    "DataDisksClient",
    "DeploymentStatus",
    "DeploymentsClient",
    "DisksClient",
    "DnsServersClient",
    "HostedServicesClient",
    "LoadBalancersClient",
    "LocationsClient",
    "ManagementCertificatesClient",
    "NetworkConfigurationClient",
    "NetworkSecurityGroupsClient",
    "OSImagesClient",
    "OperatingSystemsClient",
    "ReservedIPsClient",
    "ResourceExtensionsClient",
    "RoleInstancesClient",
    "RolesClient",
    "RouteTablesClient",
    "ServiceCertificatesClient",
    "StorageAccountsClient",
    "SubscriptionsClient",
    "TrafficManagerClient",
    "UpgradeMode",
    "VMImagesClient",
    "VirtualMachinesClient",
    "VirtualNetworkGatewaysClient",
    "VirtualNetworksClient",
]
