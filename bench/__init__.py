"""Benchmarks of fupin: ``make bench`` (``python -m bench``) runs each and prints its results;
the JSON goes to ``bench/results/`` and the reviewed figures to ``bench/RESULTS.md``."""
