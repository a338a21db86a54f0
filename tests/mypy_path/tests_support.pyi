# `import tests_support` as the tests write it (tests/conftest.py puts its folder on sys.path)
# is, for mypy, the module it checks under its package name: one module, one set of types.
from tests.tests_support import *  # noqa: F403
