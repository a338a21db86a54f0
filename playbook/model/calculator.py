"""`data/calculators/<id>.yaml`: a calculator sellers use in a negotiation, with typed inputs and formula outputs.

The model only holds what the file says; `playbook/calculators/` reads the formulas (a small arithmetic
language, never `eval`) and checks names, types and defaults with their positions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playbook.model.base import FieldId, Markdown, Reviewed, StrictModel

InputType = Literal["number", "choice", "bool"]
Scalar = float | bool | str


class CalculatorInput(StrictModel):
    """One value the seller enters: a number, a choice among options, or yes/no."""

    id: FieldId = Field(description="The name formulas use for this input: a-z, 0-9 and '_'.")
    label: str = Field(description="What to enter, for people.")
    type: InputType = Field("number", description="number, choice (one of `options`) or bool (yes/no).")
    default: Scalar | None = Field(
        None, description="The value the form starts with (a number, one of the options, or true/false)."
    )
    min: float | None = Field(None, description="The smallest number accepted (number inputs).")
    max: float | None = Field(None, description="The largest number accepted (number inputs).")
    unit: str | None = Field(None, description="Shown beside the value, e.g. EUR, h, days.")
    options: list[str] = Field(default_factory=list, description="The values to choose from (choice inputs).")


class CalculatorOutput(StrictModel):
    """One result, worked out by a formula from the inputs and the outputs above it."""

    id: FieldId = Field(description="The name later formulas use for this result: a-z, 0-9 and '_'.")
    label: str = Field(description="What the result means, for people.")
    formula: str = Field(
        description="Numbers, 'text', input and earlier output ids, + - * / ( ), == != < <= > >=, "
        "and or not, min max round abs, if(condition, then, else)."
    )
    unit: str | None = Field(None, description="Shown beside the result, e.g. EUR.")
    round: int | None = Field(None, ge=-15, le=15, description="Decimals the result is rounded to (0: whole).")


class Calculator(Reviewed):
    """A calculator: inputs a seller fills in with the customer, outputs worked out from them."""

    name: str = Field(description="The calculator's title.")
    description: Markdown | None = Field(None, description="What it shows and when to use it.")
    inputs: list[CalculatorInput] = Field(default_factory=list, description="What the seller enters.")
    outputs: list[CalculatorOutput] = Field(min_length=1, description="What is worked out, in order.")
    used_on: list[str] = Field(
        default_factory=list,
        description="Pages that show this calculator too: objections/<id>, competitors/<id> or products/<id>.",
    )

    @property
    def title(self) -> str:
        """How the item is named on pages and cards."""
        return self.name
