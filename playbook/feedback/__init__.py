"""The feedback loop: prefilled "report from the field" links, and importing notes from exports."""
