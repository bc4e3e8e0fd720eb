"""JSON written in pieces: lists too long to hold in memory are spliced into a skeleton.

``json.dumps(skeleton)`` is written with each placeholder (`placeholder(name)`) replaced by its
list, the items dumped one at a time with the indentation json.dumps would have given them, so the
file has exactly the bytes ``json.dumps`` of the whole value would have.
"""
from __future__ import annotations

import json
from typing import Any, BinaryIO, Callable, Iterable, Mapping

_MARK = "\x00granska-stream:{}\x00"


def placeholder(name: str) -> str:
    """A string that stands for the list ``name`` in the skeleton (json.dumps escapes the NULs,
    so no document text can look like it)."""
    return _MARK.format(name)


def dump_streamed(handle: BinaryIO, skeleton: Any, lists: Mapping[str, Callable[[], Iterable[Any]]],
                  indent: int, trailer: str = "", **dump_kwargs: Any) -> None:
    """Write json.dumps(skeleton, indent=indent, **dump_kwargs) + trailer as UTF-8 to ``handle``,
    each placeholder(name) value replaced by the list ``lists[name]()`` yields."""
    text = json.dumps(skeleton, indent=indent, **dump_kwargs) + trailer
    pos = 0
    for name, items in lists.items():
        mark = json.dumps(placeholder(name))
        at = text.index(mark, pos)
        handle.write(text[pos:at].encode("utf-8"))
        line_start = text.rfind("\n", 0, at) + 1
        depth = len(text[line_start:at]) - len(text[line_start:at].lstrip(" "))
        _write_list(handle, items(), depth, indent, dump_kwargs)
        pos = at + len(mark)
    handle.write(text[pos:].encode("utf-8"))


def _write_list(handle: BinaryIO, items: Iterable[Any], depth: int, indent: int, dump_kwargs: dict[str, Any]) -> None:
    """A list whose opening bracket is on a line indented `depth` spaces, as json.dumps writes it."""
    pad = "\n" + " " * (depth + indent)
    first = True
    for item in items:
        text = json.dumps(item, indent=indent, **dump_kwargs).replace("\n", pad)  # strings hold no raw newline
        handle.write((("[" if first else ",") + pad + text).encode("utf-8"))
        first = False
    handle.write(b"[]" if first else ("\n" + " " * depth + "]").encode("utf-8"))
