"""The rule language of `qualification.yaml`: evaluating leads, describing rules, running them in a browser."""
