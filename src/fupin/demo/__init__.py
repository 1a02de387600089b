"""The demo county: every app's demo builder composed into one ``fupin demo``, above all of them.

Each app keeps its own part (the registry's households in ``fupin.registry.demo``, the accounts,
the grid and the visits in theirs); this package only runs them in order, with the first rule run
in between, so that no app has to import the apps above it for the demo.
"""
