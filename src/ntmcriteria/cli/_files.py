"""The command line's files: the only place in the package that reads and writes them."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CliError", "is_file", "read_text", "write_text"]


class CliError(Exception):
    """Bad usage or bad input: the message is shown, the exit status is 2, no traceback."""


def read_text(name: str) -> str:
    """The UTF-8 text of file ``name`` (a byte-order mark is allowed and dropped)."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CliError(f"cannot read {name!r}: it is a directory") from None
    except OSError as exc:
        raise CliError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{name!r} is not UTF-8 text (byte {exc.start}: "
                       f"{data[exc.start:exc.start + 1]!r})") from None


def is_file(name: str) -> bool:
    return Path(name).is_file()


def write_text(name: str, text: str, *, bom: bool = False) -> None:
    """Write ``text`` to file ``name`` as UTF-8 (with a byte-order mark when ``bom``: a
    spreadsheet then reads Vietnamese CSV correctly)."""
    try:
        Path(name).write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
    except OSError as exc:
        raise CliError(f"cannot write {name!r}: {exc.strerror or exc}") from None
