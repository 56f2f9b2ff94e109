"""Parse cost of a 2,000-image list: ``parse_element`` alone and ``OSImageList.from_xml`` (the hot path).

Run before and after a change to :mod:`aiosm.xml` and compare the best times::

    python benchmarks/parse_guard.py --images 2000 --repeat 30
"""

from __future__ import annotations

import argparse
import json
import time

from fixtures import os_image_list

from aiosm.models.os_images import OSImageList
from aiosm.xml import parse_element


def best_of(repeat: int, func: object, *args: object) -> float:
    """The best wall time of ``repeat`` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best * 1000.0


def main() -> None:
    """Print the best times as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    body = os_image_list(args.images)
    result = {
        "bytes": len(body),
        "parse_element_ms": best_of(args.repeat, parse_element, body),
        "from_xml_ms": best_of(args.repeat, OSImageList.from_xml, body),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
