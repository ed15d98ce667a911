"""The text policy of everything the library renders for people to read.

Labels, notes, codes and names come from documents other people wrote, so a
rendering must show them as they are and must not let them change the layout
around them:

- **invisible characters are made visible**: the bidirectional controls
  (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C: the "Trojan Source"
  characters that can make a report read differently from what it says), the
  other format characters (zero-width spaces and joiners, the byte order mark,
  soft hyphens...) and control characters are written as ``<U+202E>``. Ids
  never hold them (they are refused when an id is made).
- **a line break inside a text is shown, never obeyed** in Markdown and plain
  text: it is written ``↵`` so that a label cannot start a list item, a heading
  or a table row of its own. HTML collapses line breaks into spaces already.

Vietnamese text (letters with diacritics, combining marks) is never changed.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LINE_BREAK", "one_line", "visible"]

#: How a line break inside a text is shown in Markdown and plain text.
LINE_BREAK = " ↵ "
#: Unicode categories made visible: control, format, line and paragraph separators.
_SHOWN = frozenset(("Cc", "Cf", "Zl", "Zp"))
#: Kept as they are by :func:`visible` (:func:`one_line` handles line breaks).
_KEPT = frozenset("\t\n\r")
# Every line boundary str.splitlines knows, \r\n as one.
_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _needs(char: str) -> bool:
    return char not in _KEPT and unicodedata.category(char) in _SHOWN


def visible(text: str) -> str:
    """``text`` with every control, format or separator character (the bidirectional
    controls among them) written as ``<U+XXXX>``; tabs and line breaks are kept."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"<U+{ord(c):04X}>" if _needs(c) else c for c in text)


def one_line(text: str) -> str:
    """``text`` on one line: each line break (``\\n``, ``\\r\\n``, U+2028...) is written
    :data:`LINE_BREAK`, then invisible characters are made visible."""
    return visible(_BREAKS.sub(LINE_BREAK, text))
