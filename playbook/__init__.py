"""Playbook: structured YAML sales playbooks rendered into a site and PDF cards.

The import package and the command are `playbook`; the distribution is `playbook-as-code`.
Why: `playbook` on PyPI is someone else's project, so installing it by that name would run a
stranger's code.
"""

DISTRIBUTION = "playbook-as-code"
