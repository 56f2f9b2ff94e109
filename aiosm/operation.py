"""The operation table: every ASM call is declared once, on a typed resource-client stub.

::

    class HostedServicesClient(ResourceClient):
        @operation(
            "DELETE", "/services/hostedservices/{service_name}",
            query={"comp": flag("complete", "media")},
            answer=LONG_RUNNING, lock="cloud_service:{service_name}",
            legacy="delete_hosted_service",
            example={"service_name": "mysvc"},
        )
        async def delete(self, service_name: ServiceName, complete: bool = False) -> AsyncOperation:
            \"\"\"Delete a service that has no deployments.\"\"\"

The stub's signature is the public, typed signature; its annotations carry the rules
(:class:`~aiosm.validation.Rule`); its body is never run. From the declaration come:
the request the client sends (one code path, :meth:`aiosm.operations.OperationRunner._call`),
the legacy facade method (:func:`legacy`), the emulator's route, request parsing and validation
(:mod:`aiosm.emulator.routing`), the bulk/emulator lock, the docs and the registry-wide tests.
"""

from __future__ import annotations

import functools
import inspect
import string
import types
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from .validation import Rule
from .xml import XmlModel

__all__ = [
    "GATEWAY_OPERATION",
    "LONG_RUNNING",
    "REGISTRY",
    "OperationSpec",
    "Param",
    "QueryValue",
    "boolean",
    "flag",
    "legacy",
    "operation",
    "optional",
    "same_operation",
    "spec_of",
]

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C")
_Method = Callable[Concatenate[C, P], Awaitable[R]]
_F = TypeVar("_F", bound=Callable[..., Any])


class _LongRunning:
    def __init__(self, name: str = "LONG_RUNNING") -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


LONG_RUNNING = _LongRunning()
"""``answer=LONG_RUNNING``: the call returns an :class:`~aiosm.operations.AsyncOperation`."""
GATEWAY_OPERATION = _LongRunning("GATEWAY_OPERATION")
"""``answer=GATEWAY_OPERATION``: the answer is a ``GatewayOperationAsyncResponse`` whose ``ID`` is polled
at ``/services/networking/operation/<ID>``; the call returns an :class:`~aiosm.operations.AsyncOperation`."""


@dataclass(frozen=True)
class QueryValue:
    """How one query parameter is written: from an argument, or a constant."""

    param: str | None
    render: Callable[[Any], str | None]
    constant: str | None = None

    def value(self, values: Mapping[str, Any]) -> str | None:
        """The text to send, or ``None`` to leave the parameter out."""
        if self.param is None:
            return self.constant
        return self.render(values.get(self.param))


def flag(param: str, value: str) -> QueryValue:
    """``comp=media`` only when the argument ``param`` is true."""
    return QueryValue(param, lambda v: value if v else None)


def boolean(param: str) -> QueryValue:
    """Always sent: ``true`` or ``false``."""
    return QueryValue(param, lambda v: "true" if v else "false")


def optional(param: str) -> QueryValue:
    """The argument's text when it is not ``None``."""
    return QueryValue(param, lambda v: None if v is None else str(v))


def _constant(value: str) -> QueryValue:
    return QueryValue(None, lambda v: value, constant=value)


@dataclass(frozen=True)
class Param:
    """One argument of an operation: where it goes and the rules it must meet."""

    name: str
    where: str
    """``path``, ``query``, ``body`` (a field of the body model) or ``call`` (used by a body builder)."""
    rules: tuple[Rule, ...]
    default: Any


@dataclass(frozen=True)
class OperationSpec:
    """The declaration of one ASM operation (see the module docstring)."""

    family: str
    verb: str
    method: str
    path: str
    query: Mapping[str, QueryValue]
    body: type[XmlModel] | None
    build: Callable[[Mapping[str, Any]], XmlModel] | None
    answer: type[XmlModel] | _LongRunning | None
    unwrap: str | None
    statuses: tuple[int, ...]
    legacy: str | None
    lock: str | None
    api_version: str | None
    content_type: str | None
    example: Mapping[str, Any]
    checks: tuple[Callable[[Mapping[str, Any]], None], ...]
    doc: str
    signature: inspect.Signature
    params: tuple[Param, ...] = field(default=())

    name: str = field(init=False)
    """``family.verb``, e.g. ``hosted_services.create``."""
    path_params: tuple[str, ...] = field(init=False)
    """The argument names in the path template, in order."""
    constant_query: Mapping[str, str] = field(init=False)
    """The query parameters every request of this operation carries (``comp=config``)."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # derived once; the declaration stays frozen
        set_(self, "name", f"{self.family}.{self.verb}")
        set_(self, "path_params", tuple(n for _, n, _, _ in string.Formatter().parse(self.path) if n))
        set_(self, "constant_query", {k: q.constant for k, q in self.query.items() if q.constant is not None})
        empty = inspect.Parameter.empty
        set_(self, "_rules", tuple((p.name, p.rules, p.default is not empty) for p in self.params if p.rules))

    @property
    def long_running(self) -> bool:
        """Whether the call returns an :class:`~aiosm.operations.AsyncOperation`."""
        return isinstance(self.answer, _LongRunning)

    def lock_key(self, values: Mapping[str, Any]) -> str | None:
        """The resource this call serializes on (``cloud_service:mysvc``), from its arguments."""
        if self.lock is None:
            return None
        try:
            return self.lock.format(**{k: str(v).lower() for k, v in values.items()})
        except KeyError:
            return None

    def check(self, values: dict[str, Any], *, server: bool = False, checks: bool = True) -> None:
        """Run every rule on ``values`` (converting them in place), then the cross-field checks.

        ``server=True`` skips the rules that turn the caller's form into another wire form, and
        the arguments with a default that the request left out.
        """
        for name, rules, optional in self._rules:  # type: ignore[attr-defined]
            if name not in values:
                continue
            if server and optional and values[name] is None:
                continue  # an element the caller may leave out: absent on the wire
            for rule in rules:
                if server and not rule.on_server:
                    continue
                values[name] = rule(name, values[name])
        if checks:
            for check in self.checks:
                check(values)

    def render_path(self, values: Mapping[str, Any]) -> str:
        """The path with the (checked) path arguments filled in."""
        if not self.path_params:
            return self.path
        return self.path.format_map(values)

    def render_query(self, values: Mapping[str, Any]) -> dict[str, str] | None:
        """The query parameters to send."""
        query = {}
        for key, spec in self.query.items():
            text = spec.value(values)
            if text is not None:
                query[key] = text
        return query or None

    def build_body(self, values: Mapping[str, Any]) -> XmlModel | None:
        """The request body, from the arguments named like its fields (or the declared builder)."""
        if self.build is not None:
            return self.build(values)
        if self.body is None:
            return None
        fields = self.body.model_fields
        return self.body(**{name: values[name] for name in fields if name in values})


REGISTRY: list[OperationSpec] = []
"""Every declared operation, in declaration order."""


def _rules(annotation: Any) -> tuple[Rule, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return tuple(m for m in annotation.__metadata__ if isinstance(m, Rule))
    if origin is typing.Union or origin is types.UnionType:
        # Python 3.10's get_type_hints wraps a None-defaulted Annotated in Optional[...].
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is typing.Annotated:
                return _rules(arg)
    return ()


def operation(
    method: str,
    path: str,
    *,
    query: Mapping[str, str | QueryValue] | None = None,
    body: type[XmlModel] | None = None,
    build: Callable[[Mapping[str, Any]], XmlModel] | None = None,
    answer: type[XmlModel] | _LongRunning | None = None,
    unwrap: str | None = None,
    statuses: tuple[int, ...] = (200,),
    legacy: str | None = None,
    lock: str | None = None,
    api_version: str | None = None,
    content_type: str | None = None,
    example: Mapping[str, Any] | None = None,
    checks: tuple[Callable[[Mapping[str, Any]], None], ...] = (),
) -> Callable[[_Method[C, P, R]], _Method[C, P, R]]:
    """Declare an operation on a resource-client method stub (its body is never run).

    ``body`` is the request model; its fields are filled from the arguments of the same
    name, unless ``build(arguments)`` makes the body. ``answer`` is the response model,
    :data:`LONG_RUNNING`, or ``None`` (no body); ``unwrap`` names the attribute of the answer
    model to return (a list document's items). ``statuses`` are the documented success
    statuses (any 2xx is accepted). ``lock`` is a template over the arguments naming what
    the call serializes on. ``example`` holds arguments for the docs and the shape tests.
    """
    queries = {k: (v if isinstance(v, QueryValue) else _constant(v)) for k, v in (query or {}).items()}

    def decorate(stub: _Method[C, P, R]) -> _Method[C, P, R]:
        family_module = stub.__module__.rsplit(".", 1)[-1]
        signature = inspect.signature(stub)
        hints = typing.get_type_hints(stub, include_extras=True)
        template_names = {n for _, n, _, _ in string.Formatter().parse(path) if n}
        query_params = {q.param for q in queries.values() if q.param}
        body_fields = set(body.model_fields) if body is not None else set()
        params = []
        for name, parameter in list(signature.parameters.items())[1:]:
            where = (
                "path"
                if name in template_names
                else "query"
                if name in query_params
                else "body"
                if name in body_fields and build is None
                else "call"
            )
            params.append(Param(name, where, _rules(hints.get(name)), parameter.default))
        spec = OperationSpec(
            family=family_module,
            verb=stub.__name__,
            method=method,
            path=path,
            query=queries,
            body=body,
            build=build,
            answer=answer,
            unwrap=unwrap,
            statuses=statuses,
            legacy=legacy,
            lock=lock,
            api_version=api_version,
            content_type=content_type,
            example=dict(example or {}),
            checks=tuple(checks),
            doc=inspect.getdoc(stub) or "",
            signature=signature,
            params=tuple(params),
        )
        REGISTRY.append(spec)
        bind = _binder(signature)

        @functools.wraps(stub)
        async def call(self: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
            result: R = await self._call(spec, bind(self, args, kwargs))  # type: ignore[attr-defined]
            return result

        call.__aiosm_operation__ = spec  # type: ignore[attr-defined]
        return call

    return decorate


def same_operation(name: str) -> Callable[[_F], _F]:
    """Mark a convenience method as another entry to the operation ``name`` (``deployments.delete``),
    declared elsewhere: no second declaration."""
    spec = next(s for s in REGISTRY if s.name == name)

    def mark(method: _F) -> _F:
        method.__aiosm_operation__ = spec  # type: ignore[attr-defined]
        return method

    return mark


def _binder(signature: inspect.Signature) -> Callable[[Any, tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    """The arguments of a call by name, defaults filled in: ``Signature.bind`` on a fast path."""
    parameters = list(signature.parameters.values())[1:]
    positional = tuple(p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD)
    names = frozenset(p.name for p in parameters)
    order = tuple(p.name for p in parameters)
    count = len(order)
    defaults = {p.name: p.default for p in parameters if p.default is not p.empty}
    simple = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in parameters)

    def slow(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        del values[next(iter(values))]  # self
        return values

    def bind(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        if not simple or len(args) > len(positional):
            return slow(self, args, kwargs)
        values = dict(zip(positional, args, strict=False))
        if kwargs:
            for key, value in kwargs.items():
                if key in values or key not in names:
                    return slow(self, args, kwargs)  # raises the TypeError Python would
                values[key] = value
        if len(values) < count:
            for key in order[len(args) :]:
                if key not in values:
                    if key not in defaults:
                        return slow(self, args, kwargs)
                    values[key] = defaults[key]
        return values

    return bind


def spec_of(method: Any) -> OperationSpec | None:
    """The declaration behind a resource-client method (bound or not), if any."""
    return getattr(getattr(method, "__func__", method), "__aiosm_operation__", None)


def legacy(method: _Method[Any, P, R]) -> _Method[Any, P, R]:
    """A facade method forwarding to ``session.<family>.<verb>``: ``create_hosted_service =
    legacy(HostedServicesClient.create)``. Name, signature and docstring come from the declaration."""
    spec = spec_of(method)
    if spec is None or spec.legacy is None:
        raise TypeError(f"{method!r} is not an operation with a legacy name")
    family, verb = spec.family, spec.verb

    async def forward(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        client = getattr(self.session, family)
        result: R = await getattr(client, verb)(*args, **kwargs)
        return result

    forward.__name__ = forward.__qualname__ = spec.legacy
    forward.__doc__ = f"{spec.doc}\n\nThe legacy name of ``session.{spec.name}``."
    forward.__signature__ = spec.signature  # type: ignore[attr-defined]
    forward.__aiosm_operation__ = spec  # type: ignore[attr-defined]
    return forward
