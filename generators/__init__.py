"""The built-in Jinja generators, shipped in the package as `playbook.generators`."""
