# `import site_support` as the tests write it (tests/site/conftest.py puts its folder on sys.path)
# is, for mypy, the module it checks under its package name: one module, one set of types.
from tests.site.site_support import *  # noqa: F403
