"""The facade's escape hatch (perform_*) and wait_for_operation_status against the emulator."""

from __future__ import annotations

import base64

import pytest

from aiosm.emulator import Emulator
from aiosm.errors import ConflictError, InvalidInputError, NotFoundError
from aiosm.models import HostedService, LocationList

from .conftest import FAST_POLL, FAST_RETRY


async def test_perform_round_trip(emu: Emulator) -> None:
    async with emu.service(retry=FAST_RETRY, poll=FAST_POLL) as sms:
        sub = sms.subscription_id
        locations = (await sms.perform_get(f"/{sub}/locations")).parse(LocationList)
        assert "West US" in [loc.name for loc in locations.locations]
        label = base64.b64encode(b"raw label").decode()
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<CreateHostedService xmlns="http://schemas.microsoft.com/windowsazure">\n'
            f"  <ServiceName>rawsvc</ServiceName><Label>{label}</Label><Location>West US</Location>\n"
            "</CreateHostedService>"
        )
        created = await sms.perform_post(f"/{sub}/services/hostedservices", body)
        status = await sms.wait_for_operation_status(created.request_id, sleep_interval=0)
        assert status.succeeded
        with pytest.raises(ConflictError):
            await sms.perform_post(f"/{sub}/services/hostedservices", body)
        new_label = base64.b64encode(b"renamed").decode()
        update = f'<UpdateHostedService xmlns="http://schemas.microsoft.com/windowsazure"><Label>{new_label}</Label></UpdateHostedService>'
        await (await sms.perform_put(f"/{sub}/services/hostedservices/rawsvc", update))
        answer = await sms.perform_get(f"/{sub}/services/hostedservices/rawsvc?embed-detail=false")
        assert answer.parse(HostedService).hosted_service_properties.label == "renamed"
        deleted = await sms.perform_delete(f"/{sub}/services/hostedservices/rawsvc")
        await sms.wait_for_operation_status(deleted.request_id, sleep_interval=0, progress_callback=None)
        with pytest.raises(NotFoundError):
            await sms.perform_get(f"/{sub}/services/hostedservices/rawsvc")
        with pytest.raises(InvalidInputError):
            await sms.perform_get("/00000000-0000-0000-0000-000000000000/locations")
