"""The tiktoken encodings tutor ships, built from bundled BPE files: no network, no cache dir."""

from __future__ import annotations

import binascii
import hashlib
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.core.errors import TokenizerDataError

if TYPE_CHECKING:
    from tiktoken import Encoding

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Where the gzipped ``<name>.tiktoken`` files live; the ``data_dir`` arguments override it."""

_PARSE_CHUNK = 16_384
"""Tokens decoded per C-level call: small enough that other threads get the GIL in between."""

_ENDOFTEXT = "<|endoftext|>"
_FIM_PREFIX = "<|fim_prefix|>"
_FIM_MIDDLE = "<|fim_middle|>"
_FIM_SUFFIX = "<|fim_suffix|>"
_ENDOFPROMPT = "<|endofprompt|>"


@dataclass(frozen=True)
class BundledEncoding:
    """What tiktoken needs besides the ranks, and the checksum the bundled ranks must match."""

    sha256: str  # of the decompressed .tiktoken file, as tiktoken itself checks it
    pat_str: str
    special_tokens: dict[str, int]


BUNDLED: dict[str, BundledEncoding] = {
    "cl100k_base": BundledEncoding(
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        pat_str=(
            r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+"""
            r"""| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
        ),
        special_tokens={
            _ENDOFTEXT: 100257,
            _FIM_PREFIX: 100258,
            _FIM_MIDDLE: 100259,
            _FIM_SUFFIX: 100260,
            _ENDOFPROMPT: 100276,
        },
    ),
    "o200k_base": BundledEncoding(
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        pat_str="|".join(
            (
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
                r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
                r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""\p{N}{1,3}""",
                r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
                r"""\s*[\r\n]+""",
                r"""\s+(?!\S)""",
                r"""\s+""",
            )
        ),
        special_tokens={_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018},
    ),
}

_built: dict[tuple[str, Path], Encoding] = {}
_locks: dict[tuple[str, Path], threading.Lock] = {}
_locks_guard = threading.Lock()


def load_encoding(name: str, data_dir: Path | None = None) -> Encoding:
    """The encoding ``name`` ("cl100k_base" or "o200k_base"), built once per process.

    Safe to call from many threads: the first caller builds, the others wait for it.
    Raises ``TokenizerDataError`` if the bundled file is missing or damaged.
    """
    if name not in BUNDLED:
        raise ValueError(f"no bundled tokenizer {name!r}; tutor ships {', '.join(BUNDLED)}")
    where = (data_dir or DATA_DIR).resolve()
    key = (name, where)
    encoding = _built.get(key)
    if encoding is not None:
        return encoding
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        encoding = _built.get(key)
        if encoding is None:
            encoding = _build(name, where)
            _built[key] = encoding
        return encoding


def is_built(name: str, data_dir: Path | None = None) -> bool:
    """Whether ``load_encoding(name, data_dir)`` would return at once."""
    return (name, (data_dir or DATA_DIR).resolve()) in _built


def _build(name: str, data_dir: Path) -> Encoding:
    spec = BUNDLED[name]
    ranks = read_ranks(name, data_dir)
    import tiktoken  # here, not at the top: importing the tokens package must stay cheap

    return tiktoken.Encoding(
        name=name,
        pat_str=spec.pat_str,
        mergeable_ranks=ranks,
        special_tokens=dict(spec.special_tokens),
    )


def read_ranks(name: str, data_dir: Path | None = None) -> dict[bytes, int]:
    """The mergeable ranks of ``name`` from its bundled file, checked against its sha256."""
    path = (data_dir or DATA_DIR) / f"{name}.tiktoken.gz"
    fix = "reinstall tutor (pip install --force-reinstall socratic-tutor)"
    try:
        packed = path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise TokenizerDataError(
            f"tokenizer data {path} cannot be read ({reason}); {fix}"
        ) from None
    try:
        text = zlib.decompress(packed, wbits=31)  # 31: gzip framing
    except zlib.error:
        raise TokenizerDataError(f"tokenizer data {path} is not a valid gzip file; {fix}") from None
    if hashlib.sha256(text).hexdigest() != BUNDLED[name].sha256:
        raise TokenizerDataError(f"tokenizer data {path} does not match its checksum; {fix}")
    # Each line is "<base64 token> <rank>". In both checked files the ranks are exactly the line
    # numbers 0..n-1 (the checksum pins the content), so only the tokens need decoding.
    fields = text.split()
    tokens = fields[0::2]
    if int(fields[-1]) != len(tokens) - 1:
        raise TokenizerDataError(f"tokenizer data {path} has an unexpected layout; {fix}")
    ranks: dict[bytes, int] = {}
    for start in range(0, len(tokens), _PARSE_CHUNK):
        chunk = tokens[start : start + _PARSE_CHUNK]
        ranks.update(
            zip(map(binascii.a2b_base64, chunk), range(start, start + len(chunk)), strict=True)
        )
    return ranks
