"""Calculators: the formula language (tokenizer, parser, type checker), its engine, and how it is shown.

A formula is read once into a small syntax tree with positions, checked (names, types, constant
division by zero) and compiled to plain JSON data. The Python engine (`engine.py`) and the browser's
static script (`generators/assets/calculator.js`) both evaluate that same JSON, so `playbook calc`
and the page give the same results. No formula is ever handed to `eval` or to Python's `ast`.
"""
