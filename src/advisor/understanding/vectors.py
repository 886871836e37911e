"""Static word vectors (`knowledge/word_vectors.bin`): what a text means, roughly, without a model.

The file holds one small vector per word, distilled offline from a sentence-embedding model
(fit/distill_vectors.py). A text's vector is the normalized mean of its words' vectors; two
texts about the same thing in other words point the same way. Pure Python, read lazily.
"""

from __future__ import annotations

import json
import math
import operator
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"ADVISOR-WORD-VECTORS 1\n"
MAX_BYTES = 64 * 1024 * 1024  # a vector file larger than this is not one of ours

Vector = tuple[float, ...]


class VectorFileError(ValueError):
    """The file is not a word-vector file this advisor can read."""


@dataclass(frozen=True, eq=False)
class WordVectors:
    dims: int
    index: dict[str, int]
    values: array[int]  # count x dims signed bytes, row-major
    scale: float

    @classmethod
    def read(cls, path: Path) -> WordVectors:
        if not path.is_file():  # a FIFO or a device would hang or never end
            raise VectorFileError(f"{path.name}: not a regular file")
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES or not data.startswith(MAGIC):
            raise VectorFileError(f"{path.name}: not a word-vector file")
        try:
            end = data.index(b"\n", len(MAGIC))
            header = json.loads(data[len(MAGIC) : end])
            dims, count, size = int(header["dims"]), int(header["count"]), int(header["words_bytes"])
            words = data[end + 1 : end + 1 + size].decode("utf-8").split("\n")
            values = array("b", data[end + 1 + size :])
            scale = float(header["scale"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise VectorFileError(f"{path.name}: broken header or word list") from exc
        if len(words) != count or len(values) != count * dims or dims <= 0:
            raise VectorFileError(
                f"{path.name}: {count} words of {dims} dimensions announced, other sizes found"
            )
        return cls(dims, dict(zip(words, range(count), strict=True)), values, scale)

    def total(self, words: Iterable[str]) -> Vector:
        """The sum of the known words' vectors (in the file's units); () when none is known."""
        dims, values = self.dims, self.values
        rows = [values[k * dims : (k + 1) * dims] for w in words if (k := self.index.get(w)) is not None]
        if not rows:
            return ()
        return tuple(map(float, map(sum, zip(*rows, strict=True))))

    def mean(self, words: Iterable[str]) -> Vector:
        """The unit-length mean of the known words' vectors; () when none is known."""
        return unit(self.total(words))


def unit(v: Sequence[float]) -> Vector:
    norm = math.sqrt(sum(map(operator.mul, v, v)))
    return tuple(x / norm for x in v) if norm else ()


def cosine(a: Vector, b: Vector) -> float:
    if not a or not b:
        return 0.0
    return float(sum(map(operator.mul, a, b)))
