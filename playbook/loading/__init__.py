"""Loading: YAML files read with source positions and validated into the content model."""

from playbook.loading.loader import Loaded, load_playbook

__all__ = ["Loaded", "load_playbook"]
