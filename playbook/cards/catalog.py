"""Which cards a playbook has: kind, id, template, output path, YAML source and site page; and the PDFs put
together from them (the objection deck, a print sheet per kind where the card size has a sheet layout)."""

from __future__ import annotations

from dataclasses import dataclass

from playbook.model import Playbook
from playbook.model.objection import CATEGORIES

SIZES: tuple[str, ...] = ("A6", "A5", "A4", "letter")
SINGLE_KINDS: tuple[str, ...] = ("objection", "competitor", "product")
FOLDERS: dict[str, str] = {
    "objection": "objections",
    "competitor": "competitors",
    "product": "products",
    "calculator": "calculators",
}
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "objection": (
        ("say", "ask", "proof", "avoid"),
        ("answer", "root_concern"),
    ),
    "competitor": (
        ("one_liner", "win_rate", "quick_dismiss", "landmines", "we_win_when"),
        ("walk_away_when", "strengths", "weaknesses", "pricing", "proof", "they_win_when", "summary"),
    ),
    "product": (
        ("one_liner", "benefits", "differentiators", "proof", "pricing", "call_to_action"),
        ("faq", "problem"),
    ),
}
"""The sections of each item card: those every size carries (what an A6 card holds), then those a larger
card adds, most wanted first. A larger card that does not fit its page sets its type smaller, step by step,
then leaves out the added sections from the last; the sections of an A6 card always stay (if they do not
fit, the card is an error naming the field to shorten)."""
TYPE_STEPS: dict[str, tuple[float, ...]] = {
    "A6": (7.6,),
    "A5": (10.2, 9.5, 8.8),
    "A4": (13.0, 12.2, 11.4),
    "letter": (12.2, 11.5, 10.8),
}
"""The card's base type size in points at each page size, largest first: the larger steps are tried first
(so a card is not half empty), and each step stays smaller than the A6 size times the page's growth
(A5 and A4 are 1.41 times A6 and A5), so whatever fits on an A6 card fits on a larger one."""


@dataclass(frozen=True)
class Layout:
    """What one item card shows at its size: its sections, which of them may be left out, and its type steps."""

    sections: tuple[str, ...]
    optional: tuple[str, ...]
    """Sections left out from the last when the card does not fit, once its type is at its smallest step."""
    type_steps: tuple[float, ...]

    def has(self, section: str) -> bool:
        return section in self.sections

    def rank(self, section: str) -> int:
        """1 for the most wanted optional section and up, 0 for a section the card always keeps."""
        return self.optional.index(section) + 1 if section in self.optional else 0


def layout(kind: str, size: str) -> Layout:
    """The layout of a `kind` card at `size`: an A6 card keeps its essentials; larger ones add sections."""
    steps = TYPE_STEPS.get(size, TYPE_STEPS["A6"])
    core, extra = SECTIONS.get(kind, ((), ()))
    if size == "A6":
        return Layout(core, (), steps)
    return Layout(core + extra, extra, steps)


DECK = "objection-deck"
CRITERIA = "criteria"
LEAD_PATH = "lead-path"
SPECIAL_IDS: tuple[str, ...] = (DECK, CRITERIA, LEAD_PATH)


@dataclass(frozen=True)
class CardSpec:
    """One PDF to write: what it shows and where it goes."""

    kind: str
    """Laid out from HTML: objection, competitor, product, criteria, lead-path.
    Assembled from those PDFs: deck, sheet."""
    id: str
    template: str
    """Template name under the generator folders, e.g. `cards/objection.html.j2`."""
    output: str
    """Path of the PDF under the output folder, e.g. `objections/too-expensive.pdf`."""
    source: str
    """The YAML file the content comes from, relative to the project (for diagnostics)."""
    page: str | None
    """The item's page on the site, relative to `site_url` (for the QR code)."""
    size: str
    """Page size: A6, A5, A4 or letter."""
    one_page: bool = True
    landscape: bool = False
    members: tuple[str, ...] = ()
    """For the deck and the print sheets: the keys of the cards they hold, in order."""

    @property
    def assembled(self) -> bool:
        """Made from other cards' PDFs (deck, print sheet) rather than laid out from HTML."""
        return bool(self.members)

    @property
    def key(self) -> str:
        """`objections/<id>`, `objection-deck`, `criteria`, `lead-path` or `sheets/<kind folder>`."""
        folder = FOLDERS.get(self.kind)
        return f"{folder}/{self.id}" if folder else self.id


def document_size(size: str) -> str:
    """The criteria sheet and the lead path are A4, or letter when the cards are letter."""
    return "letter" if size == "letter" else "A4"


def deck_order(playbook: Playbook) -> list[str]:
    """Objection ids ordered by category (in the model's category order), then by file name."""
    rank = {category: i for i, category in enumerate(CATEGORIES)}
    return sorted(playbook.objections, key=lambda oid: (rank[playbook.objections[oid].category], oid))


def catalog(playbook: Playbook, size: str) -> list[CardSpec]:
    """Every card of `playbook`: single cards, the criteria sheet, the lead path, the deck and print sheets."""
    specs: list[CardSpec] = []
    items: dict[str, list[str]] = {
        "objection": deck_order(playbook),
        "competitor": list(playbook.competitors),
        "product": list(playbook.products),
    }
    for kind, ids in items.items():
        folder = FOLDERS[kind]
        for item_id in ids:
            key = f"{folder}/{item_id}"
            specs.append(
                CardSpec(
                    kind=kind,
                    id=item_id,
                    template=f"cards/{kind}.html.j2",
                    output=f"{folder}/{item_id}.pdf",
                    source=playbook.sources.get(key, f"data/{key}.yaml"),
                    page=f"{folder}/{item_id}/",
                    size=size,
                )
            )
    for calculator_id in playbook.calculators:  # worksheets: A4 (or letter), as long as they need
        key = f"calculators/{calculator_id}"
        specs.append(
            CardSpec(
                kind="calculator",
                id=calculator_id,
                template="cards/calculator.html.j2",
                output=f"{key}.pdf",
                source=playbook.sources.get(key, f"data/{key}.yaml"),
                page=f"{key}/",
                size=document_size(size),
                one_page=False,
            )
        )
    specs.append(
        CardSpec(
            kind="criteria",
            id=CRITERIA,
            template="cards/criteria.html.j2",
            output=f"{CRITERIA}.pdf",
            source=playbook.sources.get("qualification", "data/qualification.yaml"),
            page="criteria/",
            size=document_size(size),
        )
    )
    specs.append(
        CardSpec(
            kind="lead-path",
            id=LEAD_PATH,
            template="cards/lead-path.html.j2",
            output=f"{LEAD_PATH}.pdf",
            source=playbook.sources.get("lead_path", "data/lead_path.yaml"),
            page="lead-path/",
            size=document_size(size),
            landscape=True,
        )
    )
    if playbook.objections:
        specs.append(
            CardSpec(
                kind="deck",
                id=DECK,
                template="",
                output=f"{DECK}.pdf",
                source=playbook.sources.get("playbook", "data/playbook.yaml"),
                page=None,
                size=size,
                one_page=False,
                members=tuple(f"objections/{oid}" for oid in deck_order(playbook)),
            )
        )
    return specs + sheet_specs(specs, size)


@dataclass(frozen=True)
class SheetLayout:
    """A sheet page size in millimetres and how many cards go across and down."""

    width: float
    height: float
    columns: int
    rows: int


LAYOUTS: dict[str, SheetLayout] = {
    "A6": SheetLayout(210, 297, 2, 2),  # four A6 cards on a portrait A4
    "A5": SheetLayout(297, 210, 2, 1),  # two A5 cards on a landscape A4
}
"""Card size to the A4 sheet that holds several of them; larger cards are printed as they are."""


def sheet_specs(cards: list[CardSpec], size: str) -> list[CardSpec]:
    """One print sheet per card kind (`sheets/objections.pdf`, ...) when `size` has a layout."""
    if size not in LAYOUTS:
        return []
    specs = []
    for kind in SINGLE_KINDS:
        members = tuple(c.key for c in cards if c.kind == kind)
        if members:
            folder = FOLDERS[kind]
            specs.append(
                CardSpec(
                    kind="sheet",
                    id=f"sheets/{folder}",
                    template="",
                    output=f"sheets/{folder}.pdf",
                    source=next(c.source for c in cards if c.kind == kind),
                    page=None,
                    size=size,
                    one_page=False,
                    members=members,
                )
            )
    return specs


def select(specs: list[CardSpec], ids: list[str]) -> tuple[list[CardSpec], list[str]]:
    """The cards named by `ids` (`<id>`, `<kind folder>/<id>` or a special name) and the unknown ids."""
    chosen: list[CardSpec] = []
    unknown: list[str] = []
    for wanted in ids:
        matches = [s for s in specs if wanted in (s.id, s.key, s.output.removesuffix(".pdf"))]
        if not matches:
            unknown.append(wanted)
        chosen += [m for m in matches if m not in chosen]
    return chosen, unknown
