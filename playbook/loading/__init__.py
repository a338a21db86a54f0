"""Loading: YAML files read with source positions and validated into the content model."""

from playbook.loading.cache import ParseCache
from playbook.loading.loader import Loaded, load_playbook

__all__ = ["Loaded", "ParseCache", "load_playbook"]
