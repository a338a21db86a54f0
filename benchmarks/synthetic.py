"""A deterministic synthetic playbook of any size, for benchmarks and scale tests.

N objections, N/10 competitors, N/20 products, N/5 glossary terms and N feedback notes, with
realistic text lengths and Markdown, all cross-references valid. Usage:

    python benchmarks/synthetic.py OUT_DIR N [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = ["price", "timing", "need", "authority", "trust", "competitor", "product", "other"]
WORDS = [
    "delivery",
    "price",
    "margin",
    "garage",
    "fleet",
    "parts",
    "stock",
    "warehouse",
    "invoice",
    "credit",
    "discount",
    "order",
    "quality",
    "brand",
    "dealer",
    "catalogue",
    "mechanic",
    "downtime",
    "service",
    "support",
    "warranty",
    "return",
    "shipping",
    "pallet",
    "contract",
    "supplier",
    "volume",
    "season",
    "brakes",
    "filters",
    "clutch",
    "gearbox",
    "engine",
    "axle",
    "customer",
    "buyer",
    "owner",
]


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def markdown(rng: random.Random) -> str:
    points = "\n".join(f"- **{rng.choice(WORDS)}**: {sentence(rng, 8)}" for _ in range(3))
    return f"{paragraph(rng, 3)}\n\n{points}\n\n{paragraph(rng, 2)}\n"


def generate(out: Path, n: int, seed: int = 7) -> Path:
    """Write a synthetic project (data/ and mkdocs.yml) to `out`, built on the example's definitions."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    data = out / "data"
    for name in ("playbook.yaml", "icp.yaml", "qualification.yaml", "lead_path.yaml"):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "data" / name, data / name)
    if (REPO / "mkdocs.yml").exists():
        shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    icp = yaml.safe_load((data / "icp.yaml").read_text(encoding="utf-8"))
    stages = [s["id"] for s in yaml.safe_load((data / "lead_path.yaml").read_text(encoding="utf-8"))["stages"]]
    personas = [p["id"] for p in icp["personas"]]
    segments = [s["id"] for s in icp["segments"]]
    competitors = [f"competitor-{i:04d}" for i in range(max(1, n // 10))]
    objections = [f"objection-{i:05d}" for i in range(n)]
    _write_all(data / "objections", {o: _objection(rng, stages, personas, competitors) for o in objections})
    _write_all(data / "competitors", {c: _competitor(rng, c, objections) for c in competitors})
    products = {f"product-{i:04d}": _product(rng, i, segments, personas) for i in range(max(1, n // 20))}
    _write_all(data / "products", products)
    terms = [
        {
            "term": f"Term {i}",
            "definition": paragraph(rng, 2),
            "owner": "marketing",
            "marketing_says": [rng.choice(WORDS)],
            "sales_says": [rng.choice(WORDS)],
        }
        for i in range(max(1, n // 5))
    ]
    _dump(data / "glossary.yaml", {"terms": terms})
    keys = [f"objections/{o}" for o in objections] + [f"competitors/{c}" for c in competitors] + ["new"]
    notes = [
        {
            "date": f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}",
            "from": f"Seller {rng.randint(1, 40)}",
            "about": rng.choice(keys),
            "outcome": rng.choice(["won", "lost", "open", "none"]),
            "note": sentence(rng, 20),
        }
        for _ in range(n)
    ]
    _dump(data / "feedback" / "synthetic.yaml", notes)
    return out


def _objection(rng: random.Random, stages: list[str], personas: list[str], competitors: list[str]) -> dict[str, object]:
    return {
        "objection": sentence(rng, rng.randint(6, 12)),
        "category": rng.choice(CATEGORIES),
        "stages": rng.sample(stages, 2),
        "personas": rng.sample(personas, 2),
        "competitors": rng.sample(competitors, 1),
        "root_concern": sentence(rng, 14),
        "say": sentence(rng, 25),
        "ask": [sentence(rng, 10) for _ in range(3)],
        "answer": markdown(rng),
        "proof": [sentence(rng, 12), {"claim": sentence(rng, 10), "source": "Sales report", "as_of": "2026-10-01"}],
        "avoid": [sentence(rng, 9) for _ in range(2)],
        "owner": rng.choice(["Head of Sales", "Product marketing", "Sales enablement"]),
        "reviewed": f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 20):02d}",
    }


def _competitor(rng: random.Random, cid: str, objections: list[str]) -> dict[str, object]:
    return {
        "name": cid.replace("-", " ").title(),
        "website": f"https://{cid}.example.com",
        "summary": paragraph(rng, 2),
        "one_liner": sentence(rng, 14),
        "we_win_when": [sentence(rng, 10) for _ in range(3)],
        "they_win_when": [sentence(rng, 10) for _ in range(2)],
        "strengths": [sentence(rng, 8) for _ in range(3)],
        "weaknesses": [sentence(rng, 8) for _ in range(3)],
        "landmines": [sentence(rng, 12) + "?" for _ in range(3)],
        "quick_dismiss": [{"they_say": sentence(rng, 8), "we_say": sentence(rng, 12)} for _ in range(2)],
        "pricing": {"summary": sentence(rng, 12), "source": "Public price list", "as_of": "2026-10-01"},
        "objections": rng.sample(objections, min(3, len(objections))),
        "proof": [sentence(rng, 15)],
        "walk_away_when": [sentence(rng, 10)],
        "owner": "Product marketing",
        "reviewed": "2026-10-15",
    }


def _product(rng: random.Random, i: int, segments: list[str], personas: list[str]) -> dict[str, object]:
    return {
        "name": f"Product {i}",
        "one_liner": sentence(rng, 12),
        "for": {"segments": rng.sample(segments, 1), "personas": rng.sample(personas, 2)},
        "problem": paragraph(rng, 2),
        "benefits": [{"feature": sentence(rng, 5), "benefit": sentence(rng, 12)} for _ in range(3)],
        "differentiators": [sentence(rng, 10) for _ in range(3)],
        "proof": [sentence(rng, 12)],
        "pricing": sentence(rng, 10),
        "faq": [{"q": sentence(rng, 8) + "?", "a": sentence(rng, 16)} for _ in range(2)],
        "call_to_action": sentence(rng, 10),
        "owner": "Product marketing",
        "reviewed": "2026-10-01",
    }


def _write_all(folder: Path, items: dict[str, dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item_id, item in items.items():
        _dump(folder / f"{item_id}.yaml", item)


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
