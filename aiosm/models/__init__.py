"""Pydantic models of ASM requests and responses, one module per resource family."""

from .affinity_groups import *  # noqa: F403
from .certificates import *  # noqa: F403
from .common import *  # noqa: F403
from .data_disks import *  # noqa: F403
from .deployments import *  # noqa: F403
from .disks import *  # noqa: F403
from .dns_servers import *  # noqa: F403
from .hosted_services import *  # noqa: F403
from .locations import *  # noqa: F403
from .management_certificates import *  # noqa: F403
from .operating_systems import *  # noqa: F403
from .operations import *  # noqa: F403
from .os_images import *  # noqa: F403
from .reserved_ips import *  # noqa: F403
from .resource_extensions import *  # noqa: F403
from .role_instances import *  # noqa: F403
from .roles import *  # noqa: F403
from .storage_accounts import *  # noqa: F403
from .subscriptions import *  # noqa: F403
from .virtual_machines import *  # noqa: F403
from .virtual_networks import *  # noqa: F403
from .vm_images import *  # noqa: F403
