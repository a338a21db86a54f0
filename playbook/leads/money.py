"""One campaign's money figures, as a value both the funnel (`Breakdown.money`) and the money reader fill in.

Why a module of its own: the funnel holds these figures and `campaign_money` computes them from the
exports, so the type sits below both (no import from one to the other and back).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent, halves up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class CampaignMoney:
    """One campaign's money figures (the lead counts live on the funnel's `Breakdown`)."""

    leads: int
    won: int
    revenue: Decimal | None
    spend: Decimal | None
    target: int | None = None

    @property
    def cost_per_lead(self) -> Decimal | None:
        return cents(self.spend / self.leads) if self.spend is not None and self.leads else None

    @property
    def cost_per_won(self) -> Decimal | None:
        return cents(self.spend / self.won) if self.spend is not None and self.won else None

    @property
    def roi(self) -> Decimal | None:
        if self.spend is None or not self.spend or self.revenue is None:
            return None
        return ((self.revenue or Decimal(0)) - self.spend) / self.spend

    @property
    def loss(self) -> bool:
        roi = self.roi
        return roi is not None and roi < 0

    def as_json(self) -> dict[str, object]:
        roi = self.roi
        return {
            "target": self.target,
            "revenue": _number(self.revenue),
            "spend": _number(self.spend),
            "cost_per_lead": _number(self.cost_per_lead),
            "cost_per_won": _number(self.cost_per_won),
            "roi": None if roi is None else float(roi.quantize(RATIO, rounding=ROUND_HALF_UP)),
        }


def _number(value: Decimal | None) -> float | None:
    """A money value for JSON: the cent-rounded decimal as a number (its shortest repr is exact to the cent)."""
    return None if value is None else float(cents(value))
