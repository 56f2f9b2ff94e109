"""How much work opening a PKCS#12 (PFX) file can cost, judged before it is opened.

A PFX names its own key-derivation iteration counts (the MAC's and each encrypted bag's), and
opening it runs them all: a file asking for two billion iterations would hold the emulator for
an hour. :func:`check_iterations` reads the file's DER or BER structure (bounded in size, depth
and element count) and refuses any count above :data:`MAX_ITERATIONS`; real files use 2,000 to
a few hundred thousand.
"""

from __future__ import annotations

__all__ = ["MAX_ITERATIONS", "PfxStructureError", "check_iterations"]

MAX_ITERATIONS = 1_000_000
"""The largest iteration count accepted (MAC or key derivation)."""
_MAX_DEPTH = 48
_MAX_NODES = 100_000

_INTEGER, _OCTET_STRING, _SEQUENCE = 0x02, 0x04, 0x30
_CONSTRUCTED = 0x20


class PfxStructureError(ValueError):
    """The data is not DER/BER, or asks for too much work."""


class _Budget(PfxStructureError):
    """Too deep, or too many elements: the whole file is refused (nothing may stay unexamined)."""


class _Node:
    __slots__ = ("children", "tag", "value")

    def __init__(self, tag: int, value: bytes, children: list[_Node] | None) -> None:
        self.tag = tag
        self.value = value
        self.children = children


class _Reader:
    def __init__(self) -> None:
        self.nodes = 0

    def parse_all(self, data: bytes, depth: int) -> list[_Node]:
        nodes, pos = [], 0
        while pos < len(data):
            node, pos = self.parse(data, pos, depth)
            if node is None:
                raise PfxStructureError("unexpected end-of-contents")
            nodes.append(node)
        return nodes

    def parse(self, data: bytes, pos: int, depth: int) -> tuple[_Node | None, int]:
        """One element at ``pos`` (``None`` for an end-of-contents marker) and the position after it."""
        self.nodes += 1
        if depth > _MAX_DEPTH or self.nodes > _MAX_NODES:
            raise _Budget("too deep or too many elements")
        if pos + 2 > len(data):
            raise PfxStructureError("truncated")
        tag, first = data[pos], data[pos + 1]
        if tag & 0x1F == 0x1F:
            raise PfxStructureError("high tag numbers are not used in a PFX")
        pos += 2
        if tag == 0 and first == 0:
            return None, pos
        constructed = bool(tag & _CONSTRUCTED)
        if first == 0x80:  # BER indefinite length: children up to the end-of-contents marker
            if not constructed:
                raise PfxStructureError("indefinite length on a primitive element")
            children = []
            while True:
                child, pos = self.parse(data, pos, depth + 1)
                if child is None:
                    break
                children.append(child)
            return self._node(tag, b"", children, depth), pos
        if first & 0x80:
            count = first & 0x7F
            if count > 4 or pos + count > len(data):
                raise PfxStructureError("bad length")
            length = int.from_bytes(data[pos : pos + count], "big")
            pos += count
        else:
            length = first
        end = pos + length
        if end > len(data):
            raise PfxStructureError("truncated")
        content = data[pos:end]
        if constructed:
            return self._node(tag, b"", self.parse_all(content, depth + 1), depth), end
        return self._node(tag, content, None, depth), end

    def _node(self, tag: int, value: bytes, children: list[_Node] | None, depth: int) -> _Node:
        if tag == _OCTET_STRING | _CONSTRUCTED and children is not None:
            # BER: an octet string in chunks; its content is the chunks joined.
            value = b"".join(c.value for c in children if c.tag == _OCTET_STRING)
            tag, children = _OCTET_STRING, None
        if tag == _OCTET_STRING and value[:1] in (b"\x30", b"\xa0"):
            # Bags, safe contents and key infos travel inside octet strings: look inside when they parse.
            try:
                children = self.parse_all(value, depth + 1)
            except _Budget:
                raise
            except PfxStructureError:
                children = None  # opaque bytes (encrypted data may start like DER)
        return _Node(tag, value, children)


def _count(node: _Node) -> int:
    if len(node.value) > 4:
        raise PfxStructureError("iteration count too large")
    return int.from_bytes(node.value, "big", signed=True)


def _check(node: _Node) -> None:
    children = node.children or []
    if node.tag == _SEQUENCE:
        tags = [c.tag for c in children[:3]]
        # PBE and PBKDF2 parameters: (salt, iterations, ...); MacData: (digest, salt, iterations).
        if tags[:2] == [_OCTET_STRING, _INTEGER]:
            iterations = _count(children[1])
        elif tags == [_SEQUENCE, _OCTET_STRING, _INTEGER]:
            iterations = _count(children[2])
        else:
            iterations = 1
        if not 1 <= iterations <= MAX_ITERATIONS:
            raise PfxStructureError(f"iteration count outside 1-{MAX_ITERATIONS}")
    for child in children:
        _check(child)


def check_iterations(data: bytes) -> bool:
    """Whether ``data`` is a PFX structure (a SEQUENCE opening with version 3) whose iteration
    counts are all acceptable; raises :class:`PfxStructureError` when it asks for too much."""
    try:
        root, end = _Reader().parse(data, 0, 0)
    except _Budget:
        raise
    except PfxStructureError:
        return False
    if root is None or end != len(data) or root.tag != _SEQUENCE or not root.children:
        return False
    version = root.children[0]
    if version.tag != _INTEGER or version.value != b"\x03":
        return False
    _check(root)
    return True
