"""Playbook: structured YAML sales playbooks rendered into a site and PDF cards."""
