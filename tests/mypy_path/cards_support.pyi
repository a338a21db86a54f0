# `import cards_support` as the tests write it (tests/cards/conftest.py puts its folder on sys.path)
# is, for mypy, the module it checks under its package name: one module, one set of types.
from tests.cards.cards_support import *  # noqa: F403
