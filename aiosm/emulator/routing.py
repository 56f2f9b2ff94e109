"""The emulator's routes, request parsing and validation, all from the operation table.

Each family module maps declared operation names to its behaviour (``HANDLERS``). For every
declaration (:data:`aiosm.operation.REGISTRY`) this module adds the route, picks the
declaration a request is for (method, path, constant query such as ``comp=config``, body
root), checks the path arguments and the body with the declaration's own rules (the same
:class:`~aiosm.validation.Rule` objects the client runs), refuses a mutation of a resource
another operation holds (409 "exclusive access", on the declared lock), and hands the
checked :class:`Call` to the handler, which keeps only behaviour.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..operation import REGISTRY, OperationSpec
from ..xml import XmlModel, local_name, parse_element
from ._http import BAD_XML, CALL, AsmFault, Call, Handler, busy_error, context, rule_fault

__all__ = ["Handler", "add_routes", "handlers"]


_MISSING_QUERY = "A required query parameter was not specified for this request or was specified incorrectly."


def _query_matches(spec: OperationSpec, request: web.Request) -> bool:
    return all(request.query.get(k, "").lower() == v.lower() for k, v in spec.constant_query.items())


async def _root(request: web.Request) -> str | None:
    data = await request.read()
    if not data:
        return None
    try:
        return local_name(parse_element(data).tag)
    except ResponseParseError:
        return None


async def _choose(specs: list[OperationSpec], request: web.Request) -> OperationSpec:
    candidates = [s for s in specs if _query_matches(s, request)]
    if not candidates:
        raise AsmFault(400, "MissingOrInvalidRequiredQueryParameter", _MISSING_QUERY)
    if len(candidates) > 1:
        root = await _root(request)
        by_body = [s for s in candidates if s.body is not None and s.body.xml_root() == root]
        if by_body:
            candidates = by_body
        candidates.sort(key=lambda s: len(s.constant_query), reverse=True)
    return candidates[0]


async def _parse_body(spec: OperationSpec, request: web.Request) -> XmlModel | None:
    model = spec.body
    if model is None or spec.build is not None:
        return None  # no body, or a composite body its handler reads itself
    data = await request.read()
    if not data:
        raise AsmFault(400, "InvalidXmlRequest", "The request body is empty.")
    try:
        return model.from_xml(data)
    except ResponseParseError:
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None
    except InvalidInputError as error:
        raise rule_fault(error, spec) from None


async def _check(spec: OperationSpec, request: web.Request) -> Call:
    path = {name: request.match_info[name] for name in spec.path_params}
    body = await _parse_body(spec, request)
    values: dict[str, Any] = dict(path)
    if body is not None:
        for param in spec.params:
            if param.where == "body":
                values[param.name] = getattr(body, param.name)
    try:
        spec.check(values, server=True, checks=spec.build is None)
    except InvalidInputError as error:
        raise rule_fault(error, spec) from None
    lock = spec.lock_key(path)
    if lock is not None and spec.method != "GET":
        holder = context(request).state.busy(lock)
        if holder is not None:
            raise busy_error(holder)
    return Call(spec, path, body, lock)


def _dispatcher(specs: list[OperationSpec], handlers: Mapping[str, Handler]) -> Handler:
    async def dispatch(request: web.Request) -> web.StreamResponse:
        spec = specs[0] if len(specs) == 1 and not specs[0].constant_query else await _choose(specs, request)
        request[CALL] = await _check(spec, request)
        return await handlers[spec.name](request)

    return dispatch


def handlers() -> dict[str, Handler]:
    """Every family's behaviour, by operation name: the modules of this package that have ``HANDLERS``
    (a new family module is found without being listed anywhere)."""
    found: dict[str, Handler] = {}
    package = __name__.rsplit(".", 1)[0]
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        if module.name.startswith("_"):
            continue
        family = importlib.import_module(f"{package}.{module.name}")
        found.update(getattr(family, "HANDLERS", {}))
    return found


def add_routes(app: web.Application, handlers: Mapping[str, Handler]) -> None:
    """Route every declared operation (under ``/{sub}``) to its handler; each must have one."""
    missing = [spec.name for spec in REGISTRY if spec.name not in handlers]
    if missing:
        raise RuntimeError(f"the emulator has no behaviour for {', '.join(missing)}")
    groups: dict[tuple[str, str], list[OperationSpec]] = defaultdict(list)
    for spec in REGISTRY:
        groups[(spec.method, spec.path.rstrip("/"))].append(spec)
    # A literal segment wins over a path argument (``/services/networking/media`` before
    # ``/services/networking/{virtual_network_name}``): routes with fewer arguments go first.
    for (method, path), specs in sorted(groups.items(), key=lambda item: item[0][1].count("{")):
        dispatch = _dispatcher(specs, handlers)
        app.router.add_route(method, "/{sub}" + path, dispatch)
        app.router.add_route(method, "/{sub}" + path + "/", dispatch)
