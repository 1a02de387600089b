"""The rule engine: the fact table of a run (facts.py), rules as SQL over it (table.py) and the
figures rules write (figures.py), used by assessment, alerts, benefits and reports above it. It
has no models; its migrations are the history of RuleRun and Alert, which live in alerts now."""
