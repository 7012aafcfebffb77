#!/usr/bin/env python3
"""Writes a deterministic corpus of reports for benches/run.sh.

Each report is about TARGET_BYTES of UTF-8: a title, then paragraphs drawn (with a seeded
generator, so every run writes the same bytes) from the repository's own examples and
fixtures and, when present, ../shared/corpus/seeds. Usage: corpus.py OUT_DIR N [BYTES]
"""
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def sources():
    files = sorted(ROOT.glob("examples/*.txt")) + sorted(ROOT.glob("examples/*.md"))
    files += sorted(ROOT.glob("tests/fixtures/*.txt")) + sorted(ROOT.glob("tests/fixtures/*.md"))
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    if seeds.is_dir():
        files += sorted(seeds.glob("*.txt"))
    return files


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2])
    target = int(sys.argv[3]) if len(sys.argv) > 3 else 15_000
    files = sources()
    titles, paragraphs = [], []
    for f in files:
        lines = [l for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
        if not lines:
            continue
        titles.append(lines[0].lstrip("# "))
        paragraphs += lines[1:]
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        rng = random.Random(i)
        parts = [f"{rng.choice(titles)}（{i}）"]
        size = len(parts[0].encode())
        while size < target:
            p = rng.choice(paragraphs)
            parts.append(p)
            size += len(p.encode()) + 1
        text = "\n".join(parts) + "\n"
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"report-{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    print(f"{n} reports, {total / 1e6:.1f} MB from {len(files)} source files in {out}")


if __name__ == "__main__":
    main()
