"""XML <-> model mapping shared by every ASM model.

Models declare their fields in the order the service expects; field metadata
(``Base64``, ``XmlList``, ``XmlDict``) says how a field is written and read.
This is the only module that knows the ASM namespaces.

Parsing never expands entities: a document with a DOCTYPE is refused by expat itself
(its doctype handler, so every encoding is covered), and no walk of a parsed tree
goes deeper than :data:`MAX_DEPTH` elements.
"""

from __future__ import annotations

import base64
import binascii
import enum
import logging
import re
import types
import typing
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, ClassVar, TypeVar, Union
from xml.parsers import expat

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from .errors import InvalidInputError, ResponseParseError
from .secret import Secret

__all__ = [
    "ATOM_NS",
    "ATTRIBUTE",
    "KEEP_EMPTY",
    "MAX_DEPTH",
    "NS",
    "OMIT_EMPTY",
    "XSI",
    "Base64",
    "XmlDict",
    "XmlList",
    "XmlModel",
    "element_name",
    "escape_text",
    "excerpt",
    "local_name",
    "parse_document",
    "parse_element",
]

NS = "http://schemas.microsoft.com/windowsazure"
"""The namespace of every plain ASM document; a model family with another sets ``__xml_ns__``."""
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ATOM_NS = "http://www.w3.org/2005/Atom"
_XSI_PREFIX = "{" + XSI + "}"

MAX_DEPTH = 100
"""Deepest element nesting a tree walk of aiosm accepts (real ASM documents nest under 10)."""

log = logging.getLogger("aiosm")

# Words whose element spelling is not simply capitalized.
_SPECIAL_WORDS = {
    "id": "ID",
    "os": "OS",
    "gb": "GB",
    "vm": "VM",
    "ssh": "SSH",
    "fqdn": "FQDN",
    "ips": "IPs",
    "ip": "IP",
    "aad": "AAD",
}


def element_name(field_name: str) -> str:
    """``role_instance_list`` -> ``RoleInstanceList``; ``private_id`` -> ``PrivateID``."""
    return "".join(_SPECIAL_WORDS.get(part, part.capitalize()) for part in field_name.split("_"))


class _Base64Marker:
    """Field metadata: the text travels base64-encoded (UTF-8) on the wire."""

    def __repr__(self) -> str:
        return "Base64"


Base64 = _Base64Marker()


class _OmitEmptyMarker:
    """Field metadata: an empty string (or, on an :class:`XmlList` field, an empty list) means
    "absent": it is not written, and absent reads as ``""`` (or ``[]``)."""

    def __repr__(self) -> str:
        return "OMIT_EMPTY"


OMIT_EMPTY = _OmitEmptyMarker()


class _KeepEmptyMarker:
    """Field metadata of an optional text: an empty element reads as ``""`` (absent stays
    ``None``), so that it is written back as the service sent it."""

    def __repr__(self) -> str:
        return "KEEP_EMPTY"


KEEP_EMPTY = _KeepEmptyMarker()


class _AttributeMarker:
    """Field metadata of a text field written as an XML attribute of the model's element
    (``<Subnet name="...">``; the attribute is the field's alias), not written while empty."""

    def __repr__(self) -> str:
        return "ATTRIBUTE"


ATTRIBUTE = _AttributeMarker()


@dataclass(frozen=True)
class XmlList:
    """Field metadata: a list written as ``<Wrapper><Item/>...</Wrapper>``.

    ``wrapper=False`` writes the items directly in the parent, with the field's
    element name, as ``RoleInstances/Name*`` does.
    """

    item: str
    wrapper: bool = True


@dataclass(frozen=True)
class XmlDict:
    """Field metadata: a mapping written as ``<Wrapper><Item><Name/><Value/></Item>...``."""

    item: str = "ExtendedProperty"
    key: str = "Name"
    value: str = "Value"
    keep_empty: bool = False
    """Written (``<Wrapper/>``) also when empty, as the service answers it; else left out."""


def escape_text(text: str) -> str:
    """Escape XML character data (the legacy SDK did not, and broke on ``&`` and ``<``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _format_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, SecretStr):
        return str(value.get_secret_value())
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    return str(value)


# -- field plans --------------------------------------------------------------------

_SCALAR = 0
_MODEL = 1
_LIST = 2
_DICT = 3
_ATTR = 4


@dataclass(frozen=True)
class _FieldPlan:
    name: str
    element: str
    kind: int
    base64: bool = False
    item: str = ""
    wrapper: bool = True
    model: type[XmlModel] | None = None
    dict_meta: XmlDict | None = None
    omit_empty: bool = False
    """Marked ``OMIT_EMPTY``: not written while empty (a scalar or a list)."""
    keep_empty: bool = False
    """Marked ``KEEP_EMPTY``: an empty element reads as ``""``."""


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap_optional(args[0])
    return annotation


def _optional_metadata(annotation: Any) -> list[Any]:
    """Metadata of an ``Annotated`` inside an Optional (``ExtendedProperties | None``), which
    pydantic leaves in the annotation instead of moving it to the field's metadata."""
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is typing.Annotated:
                return list(arg.__metadata__)
    return []


def _model_class(annotation: Any) -> type[XmlModel] | None:
    annotation = _unwrap_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, XmlModel):
        return annotation
    return None


def _list_item_model(annotation: Any) -> type[XmlModel] | None:
    annotation = _unwrap_optional(annotation)
    args = typing.get_args(annotation)
    return _model_class(args[0]) if args else None


_M = TypeVar("_M", bound="XmlModel")


class XmlModel(BaseModel):
    """Base of every ASM model: fields in wire order, ``to_xml()`` and ``from_xml()``."""

    model_config = ConfigDict(
        alias_generator=element_name,
        populate_by_name=True,
        extra="ignore",
        use_enum_values=False,
        hide_input_in_errors=True,  # a ValidationError must never echo a password or a key
    )

    __xml_root__: ClassVar[str] = ""
    """Root element name when the model is a whole document."""
    __xml_type__: ClassVar[str | None] = None
    """Value of the ``i:type`` attribute written on the model's element, if any."""
    __xml_ns__: ClassVar[str] = NS
    """The default namespace of the model's elements (per family: ASM, SQL, Service Bus...)."""
    __xml_envelope__: ClassVar[str | None] = None
    """``"atom"``: the document travels as the content of an Atom ``<entry>`` (Service Bus, Websites)."""

    _plan_cache: ClassVar[tuple[_FieldPlan, ...] | None] = None
    _attr_plan_cache: ClassVar[tuple[_FieldPlan, ...] | None] = None
    _tag_plan_cache: ClassVar[dict[str, _FieldPlan] | None] = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Register the elements of ``Secret`` (and ``SecretStr``) fields: :func:`excerpt` masks them."""
        super().__pydantic_init_subclass__(**kwargs)
        for name, info in cls.model_fields.items():
            if _unwrap_optional(info.annotation) in (Secret, SecretStr):
                _register_secret_element(info.alias or element_name(name))

    def __init__(self, /, **data: Any) -> None:
        # A model built by the user (or by a resource client from the user's arguments) that breaks
        # its types is bad input: an InvalidInputError naming the field, never echoing the value.
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _invalid_input(type(self).__name__, exc) from None

    # Not a "custom" __init__ for pydantic: validating a parsed answer (model_validate) goes
    # straight to pydantic-core instead of through this frame once per model instance.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    # -- plan ---------------------------------------------------------------------

    @classmethod
    def _plan(cls) -> tuple[_FieldPlan, ...]:
        plan = cls.__dict__.get("_plan_cache")
        if plan is None:
            plan = tuple(cls._build_plan())
            cls._plan_cache = plan
        return plan

    @classmethod
    def _build_plan(cls) -> list[_FieldPlan]:
        plans: list[_FieldPlan] = []
        for name, info in cls.model_fields.items():
            element = info.alias or element_name(name)
            meta = [*info.metadata, *_optional_metadata(info.annotation)]
            is_b64 = any(m is Base64 for m in meta)
            xml_list = next((m for m in meta if isinstance(m, XmlList)), None)
            xml_dict = next((m for m in meta if isinstance(m, XmlDict)), None)
            if xml_list is not None:
                plans.append(
                    _FieldPlan(
                        name,
                        element if xml_list.wrapper else xml_list.item,
                        _LIST,
                        base64=is_b64,
                        item=xml_list.item,
                        wrapper=xml_list.wrapper,
                        model=_list_item_model(info.annotation),
                        omit_empty=any(m is OMIT_EMPTY for m in meta),
                    )
                )
            elif xml_dict is not None:
                plans.append(_FieldPlan(name, element, _DICT, dict_meta=xml_dict))
            elif any(m is ATTRIBUTE for m in meta):
                plans.append(_FieldPlan(name, element, _ATTR, omit_empty=True))
            else:
                model = _model_class(info.annotation)
                kind = _MODEL if model is not None else _SCALAR
                plans.append(
                    _FieldPlan(
                        name,
                        element,
                        kind,
                        base64=is_b64,
                        model=model,
                        omit_empty=any(m is OMIT_EMPTY for m in meta),
                        keep_empty=any(m is KEEP_EMPTY for m in meta),
                    )
                )
        return plans

    @classmethod
    def _attr_plan(cls) -> tuple[_FieldPlan, ...]:
        plan = cls.__dict__.get("_attr_plan_cache")
        if plan is None:
            plan = tuple(p for p in cls._plan() if p.kind == _ATTR)
            cls._attr_plan_cache = plan
        return plan

    def _attributes(self) -> str:
        """The element's attributes (`` name="..."``) from its ``ATTRIBUTE`` fields."""
        found = []
        for plan in self._attr_plan():
            value = getattr(self, plan.name)
            if value is not None and value != "":
                text = escape_text(_format_scalar(value)).replace('"', "&quot;")
                found.append(f' {plan.element}="{text}"')
        return "".join(found)

    @classmethod
    def xml_root(cls) -> str:
        """The root element's name when the model is a whole document."""
        return cls.__xml_root__ or cls.__name__

    # -- writing ------------------------------------------------------------------

    def to_xml(self) -> bytes:
        """The document: the root element with its namespace declarations (``xmlns:i`` and the
        family's default namespace), UTF-8, wrapped in an Atom entry for Atom families."""
        root = self.xml_root()
        parts: list[str] = []
        envelope = self.__xml_envelope__ == "atom"
        if envelope:
            parts.append(f'<entry xmlns="{ATOM_NS}"><content type="application/xml">')
        type_attr = f' i:type="{self.__xml_type__}"' if self.__xml_type__ else ""
        parts.append(f'<{root} xmlns:i="{XSI}" xmlns="{self.__xml_ns__}"{type_attr}{self._attributes()}>')
        self._write_children(parts)
        parts.append(f"</{root}>")
        if envelope:
            parts.append("</content></entry>")
        return "".join(parts).encode("utf-8")

    def _write_children(self, parts: list[str]) -> None:
        for plan in self._plan():
            value = getattr(self, plan.name)
            if value is None:
                continue
            tag = plan.element
            if plan.kind == _ATTR:
                continue
            if plan.kind == _SCALAR:
                if plan.omit_empty and value == "":
                    continue
                text = _format_scalar(value)
                if plan.base64:
                    text = base64.b64encode(text.encode("utf-8")).decode("ascii")
                parts.append(f"<{tag}>{escape_text(text)}</{tag}>")
            elif plan.kind == _MODEL:
                value._write_element(parts, tag)
            elif plan.kind == _LIST:
                if plan.omit_empty and not value:
                    continue
                if plan.wrapper:
                    parts.append(f"<{tag}>")
                item_tag = plan.item if plan.wrapper else tag
                for item in value:
                    if isinstance(item, XmlModel):
                        item._write_element(parts, item_tag)
                    else:
                        text = _format_scalar(item)
                        if plan.base64:
                            text = base64.b64encode(text.encode("utf-8")).decode("ascii")
                        parts.append(f"<{item_tag}>{escape_text(text)}</{item_tag}>")
                if plan.wrapper:
                    parts.append(f"</{tag}>")
            else:  # _DICT
                meta = plan.dict_meta
                assert meta is not None
                if not value and not meta.keep_empty:
                    continue
                parts.append(f"<{tag}>")
                for key, val in value.items():
                    parts.append(
                        f"<{meta.item}><{meta.key}>{escape_text(_format_scalar(key))}</{meta.key}>"
                        f"<{meta.value}>{escape_text(_format_scalar(val))}</{meta.value}></{meta.item}>"
                    )
                parts.append(f"</{tag}>")

    def _write_element(self, parts: list[str], tag: str) -> None:
        type_attr = f' i:type="{self.__xml_type__}"' if self.__xml_type__ else ""
        parts.append(f"<{tag}{type_attr}{self._attributes()}>")
        self._write_children(parts)
        parts.append(f"</{tag}>")

    # -- reading ------------------------------------------------------------------

    @classmethod
    def from_xml(cls: type[_M], body: bytes | str, *, request_id: str | None = None) -> _M:
        """Parse a response document whose root is ``__xml_root__`` (or the class name)."""
        root = cls.xml_root()
        element = parse_element(body, request_id=request_id)
        if cls.__xml_envelope__ == "atom" and element.tag == "{" + ATOM_NS + "}entry":
            try:
                element = _atom_content(element)
            except ValueError as exc:
                raise ResponseParseError(str(exc), request_id=request_id, excerpt=excerpt(body)) from None
        found = local_name(element.tag)
        if found != root:
            raise ResponseParseError(
                f"expected a <{root}> document, got <{found}>",
                request_id=request_id,
                excerpt=excerpt(body),
            )
        try:
            return cls.from_element(element)
        except (ValidationError, ValueError, TypeError) as exc:
            raise ResponseParseError(
                f"unexpected content in <{root}>: {_short_error(exc)}",
                request_id=request_id,
                excerpt=excerpt(body),
            ) from exc

    @classmethod
    def from_element(cls: type[_M], element: ET.Element) -> _M:
        """Build the model from an element of a document parsed by :func:`parse_element`."""
        # model_validate without its keyword handling: the validator itself (every answer passes here).
        return typing.cast(_M, cls.__pydantic_validator__.validate_python(cls._convert(element)))

    @classmethod
    def _tag_plan(cls) -> dict[str, _FieldPlan]:
        plans = cls.__dict__.get("_tag_plan_cache")
        if plans is None:
            # Keyed by the bare and the namespaced tag, so children are matched without string work.
            plans = {}
            qualified = "{" + cls.__xml_ns__ + "}"
            for plan in cls._plan():
                if plan.kind != _ATTR:
                    plans[plan.element] = plans[qualified + plan.element] = plan
            cls._tag_plan_cache = plans
        return plans

    @classmethod
    def _convert(cls, element: ET.Element) -> dict[str, Any]:
        """The field values found among ``element``'s children, ready for validation."""
        data: dict[str, Any] = {}
        plans = cls._tag_plan()
        attributes = cls._attr_plan()
        if attributes:
            for attribute in attributes:
                value = element.get(attribute.element)
                if value is not None:
                    data[attribute.name] = value
        for child in element:
            plan = plans.get(child.tag)
            if plan is None:
                continue  # an element this model does not know: newer API versions add them
            kind = plan.kind
            if kind == _SCALAR:
                text = child.text
                if text is not None:
                    data[plan.name] = _b64decode(text, plan.element) if plan.base64 else text
                elif plan.keep_empty:
                    data[plan.name] = ""
            elif kind == _MODEL:
                assert plan.model is not None
                data[plan.name] = plan.model._convert(child)
            elif kind == _LIST:
                if plan.wrapper:
                    item_tags = (plan.item, "{" + cls.__xml_ns__ + "}" + plan.item)
                    data[plan.name] = [_convert_item(plan, item) for item in child if item.tag in item_tags]
                else:
                    data.setdefault(plan.name, []).append(_convert_item(plan, child))
            else:
                meta = plan.dict_meta
                assert meta is not None
                data[plan.name] = _convert_dict(child, meta, "{" + cls.__xml_ns__ + "}")
        return data


def _atom_content(entry: ET.Element) -> ET.Element:
    """The document inside an Atom entry's ``<content>``."""
    content = entry.find("{" + ATOM_NS + "}content")
    if content is None or len(content) == 0:
        raise ValueError("the Atom entry has no <content> document")
    return content[0]


def _convert_item(plan: _FieldPlan, item: ET.Element) -> Any:
    if plan.model is not None:
        return plan.model._convert(item)
    text = item.text
    if text is not None and plan.base64:
        return _b64decode(text, plan.item)
    return text


def _convert_dict(element: ET.Element, meta: XmlDict, qualifier: str) -> dict[str | None, str | None]:
    """``{Name: Value}`` of each ``<Item>`` child (by local name; the first Name and Value of each):
    one pass over each item's children, the family's namespaced tags matched first."""
    item, key, value = meta.item, meta.key, meta.value
    q_item, q_key, q_value = qualifier + item, qualifier + key, qualifier + value
    result: dict[str | None, str | None] = {}
    for entry in element:
        tag = entry.tag
        if tag != q_item and not _is_named(tag, item):
            continue
        found_key = found_value = False
        k = v = None
        for child in entry:
            tag = child.tag
            if not found_key and (tag == q_key or _is_named(tag, key)):
                k, found_key = child.text, True
            if not found_value and (tag == q_value or _is_named(tag, value)):
                v, found_value = child.text, True
        result[k] = v
    return result


def _is_named(tag: str, name: str) -> bool:
    """``local_name(tag) == name``, without slicing (tags are ``Name`` or ``{namespace}Name``)."""
    return tag == name or (tag.endswith(name) and tag[-len(name) - 1] == "}")


def _b64decode(text: str, element: str) -> str:
    try:
        return base64.b64decode(text, validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"<{element}> is not base64-encoded UTF-8 text") from exc


# Elements whose content is a secret: storage keys (<Primary>, <Secondary>), every *Password,
# *Secret and *PrivateKey, and every element of a model field declared Secret (added below).
_SECRET_NAMES: set[str] = {"Primary", "Secondary"}
_SECRET_SUFFIXES = ("Password", "Secret", "PrivateKey")
_secret_pattern: re.Pattern[str] | None = None


def _register_secret_element(name: str) -> None:
    global _secret_pattern
    if name not in _SECRET_NAMES and not name.endswith(_SECRET_SUFFIXES):
        _SECRET_NAMES.add(name)
        _secret_pattern = None


def _secret_regex() -> re.Pattern[str]:
    """Open tag of a secret element, then everything up to its close tag (or the end of the
    excerpt): text, CDATA sections and comments alike, a CDATA or comment swallowed whole even
    when it contains something that looks like the close tag."""
    global _secret_pattern
    if _secret_pattern is None:
        names = "|".join(sorted(map(re.escape, _SECRET_NAMES)))
        suffixes = "|".join(_SECRET_SUFFIXES)
        name = rf"(?:[\w.-]+:)?(?P<name>(?:{names})|[\w.-]*(?:{suffixes}))"
        _secret_pattern = re.compile(
            rf"(<{name}(?:\s[^>]*)?(?<!/)>)"
            r"(?:<!\[CDATA\[.*?(?:\]\]>|\Z)|<!--.*?(?:-->|\Z)|.)*?"
            r"(?=</(?:[\w.-]+:)?(?P=name)\s*>|\Z)",
            re.DOTALL,
        )
    return _secret_pattern


def excerpt(body: bytes | str, limit: int = 200) -> str:
    """The start of a body for an error message, with the content of secret elements (text, CDATA,
    comments) replaced by ``***``."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return _secret_regex().sub(r"\1***", text[:limit])


def _invalid_input(model: str, exc: ValidationError) -> InvalidInputError:
    first = exc.errors(include_input=False, include_url=False)[0]
    field = ".".join(str(p) for p in first.get("loc", ())) or model
    return InvalidInputError(field, f"{first.get('msg', 'is not valid')} (in {model})")


def _short_error(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        return f"{loc}: {first.get('msg', '')}"
    return str(exc)


def local_name(tag: str) -> str:
    """``{namespace}Name`` -> ``Name``."""
    return tag[tag.index("}") + 1 :] if tag[0] == "{" else tag


class _DoctypeFound(Exception):
    pass


class _RootReached(Exception):
    pass


def _doctype_found(*_: object) -> None:
    raise _DoctypeFound


def _root_reached(*_: object) -> None:
    raise _RootReached


def _has_doctype(raw: bytes) -> bool:
    """Whether expat meets a DOCTYPE (or an entity declaration) before the root element.

    Expat decodes the document the way the tree parser will (BOM, declared encoding),
    so UTF-16 and every other encoding are covered; the pass stops at the root's start
    tag, after which no DTD may appear, so it costs a few microseconds.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _doctype_found
    parser.EntityDeclHandler = _doctype_found
    parser.StartElementHandler = _root_reached
    try:
        parser.Parse(raw, True)
    except _DoctypeFound:
        return True
    except (_RootReached, expat.ExpatError):
        pass  # a malformed prolog is reported by the real parse
    return False


_UTF8_NAMES = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})
_SEARCH_LIMIT = 64 * 1024
"""Above this, the prolog pass (which stops at the root element) is cheaper than a byte search."""


def _may_declare_dtd(raw: bytes) -> bool:
    """False only when a DOCTYPE is impossible: the document is UTF-8 as expat reads it (it starts
    with ``<`` not followed by NUL, no BOM, no other declared encoding) and has no ``<!`` at all.
    Anything else goes through :func:`_has_doctype`. A byte search: the common answer skips the
    second parser."""
    if len(raw) > _SEARCH_LIMIT or raw[:1] != b"<" or raw[1:2] == b"\x00":
        return True
    if raw.startswith(b"<?xml"):
        end = raw.find(b"?>")
        if end < 0 or b"encoding" in raw[:end]:
            match = _DECLARED_ENCODING.match(raw)
            if match is None or match.group(1).lower() not in _UTF8_NAMES:
                return True
    return b"<!" in raw


_BAD_CHAR_REF = 14
"""expat's XML_ERROR_BAD_CHAR_REF: a character reference to a character XML 1.0 forbids."""
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def _xml_char_allowed(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _decode(raw: bytes) -> str | None:
    """The document as text, decoded as an XML parser would (BOM, then declaration); None if it can't be."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        match = _DECLARED_ENCODING.match(raw.lstrip(b"\xef\xbb\xbf"))
        encoding = match.group(1).decode("ascii") if match else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _replace_forbidden_char_refs(raw: bytes) -> tuple[bytes, int] | None:
    """The document with every reference to a character XML 1.0 forbids replaced by U+FFFD,
    as UTF-8 without an encoding declaration, and how many were replaced."""
    text = _decode(raw)
    if text is None:
        return None
    replaced = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal replaced
        hex_digits, decimal = match.group(1), match.group(2)
        digits = (hex_digits if hex_digits is not None else decimal).lstrip("0") or "0"
        code = -1 if len(digits) > 8 else int(digits, 16 if hex_digits is not None else 10)
        if _xml_char_allowed(code):
            return match.group(0)
        replaced += 1
        return "\ufffd"

    text = _CHAR_REF.sub(replace, text)
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]  # the declaration's encoding no longer applies
    return text.encode("utf-8"), replaced


def _parse_error(message: str, body: bytes | str, request_id: str | None) -> ResponseParseError:
    return ResponseParseError(message, request_id=request_id, excerpt=excerpt(body))


def parse_element(body: bytes | str, *, request_id: str | None = None) -> ET.Element:
    """Parse an XML document into its root element (the C parser of :mod:`xml.etree`).

    Documents with a DOCTYPE are refused (expat reports it, in any encoding), so no
    entity, external or nested, is ever expanded. A reference to a character that
    XML 1.0 forbids (``&#x1;``, which the service has been seen to put in status
    messages) does not fail the document: it becomes U+FFFD, logged at DEBUG.
    Every error is a :class:`~aiosm.errors.ResponseParseError`.
    """
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    if not raw or raw.isspace():  # (strip() would copy the whole body)
        raise ResponseParseError("empty XML document", request_id=request_id)
    try:
        doctype = _may_declare_dtd(raw) and _has_doctype(raw)
    except (LookupError, ValueError) as exc:  # an encoding Python has no codec for (or a broken one)
        raise _parse_error(f"unreadable XML ({exc})", body, request_id) from None
    if doctype:
        raise _parse_error("refusing an XML document with a DOCTYPE or entity declaration", body, request_id)
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        if exc.code == _BAD_CHAR_REF:
            cleaned = _replace_forbidden_char_refs(raw)
            if cleaned is not None and cleaned[1] and not _has_doctype(cleaned[0]):
                try:
                    root = ET.fromstring(cleaned[0])
                except ET.ParseError as second:
                    exc = second
                else:
                    log.debug(
                        "aiosm: replaced %d reference(s) to characters XML 1.0 forbids by U+FFFD%s",
                        cleaned[1],
                        f" (request id {request_id})" if request_id else "",
                    )
                    return root
        raise _parse_error(f"malformed XML ({exc})", body, request_id) from None
    except (ValueError, LookupError) as exc:  # an encoding expat or Python does not know
        raise _parse_error(f"unreadable XML ({exc})", body, request_id) from None


def _attribute_name(name: str) -> str:
    if name.startswith(_XSI_PREFIX):
        return "@i:" + name[len(_XSI_PREFIX) :]
    return "@" + local_name(name)


class _TooDeep(Exception):
    pass


def _element_to_dict(element: ET.Element, depth: int = 1) -> Any:
    """xmltodict's shape: children by local name (repeated ones in a list), ``@i:type``-style
    attributes, ``#text`` beside attributes, ``None`` for an empty element."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    text = element.text
    if text is not None and not text.strip():
        text = None
    attributes = element.attrib
    if len(element) == 0 and not attributes:
        return text
    result: dict[str, Any] = {_attribute_name(k): v for k, v in attributes.items()}
    for child in element:
        tag = local_name(child.tag)
        value = _element_to_dict(child, depth + 1)
        if tag in result:
            existing = result[tag]
            if type(existing) is list:
                existing.append(value)
            else:
                result[tag] = [existing, value]
        else:
            result[tag] = value
    if text is not None:
        result["#text"] = text
    return result


def parse_document(body: bytes | str, *, request_id: str | None = None) -> dict[str, Any]:
    """Parse an XML document into nested dicts keyed by element local names (xmltodict's shape).

    For code that reads documents without a model, such as error answers. Like
    :func:`parse_element`, it refuses documents with a DOCTYPE; a document nested
    deeper than :data:`MAX_DEPTH` is a :class:`~aiosm.errors.ResponseParseError`.
    """
    root = parse_element(body, request_id=request_id)
    try:
        return {local_name(root.tag): _element_to_dict(root)}
    except _TooDeep:
        raise _parse_error(f"XML nested deeper than {MAX_DEPTH} elements", body, request_id) from None
