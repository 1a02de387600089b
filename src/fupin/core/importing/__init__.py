"""Importing tables an office sends (spec/interchange.md): the machinery every import shares.

``sources`` reads a workbook, CSV, folder or .zip into raw sheets; ``columns`` declares a
template's sheets and columns; ``parse`` finds the header row, maps the columns and cleans every
cell, collecting every problem; ``issues`` and ``outcome`` are what an import reports;
``annotate`` writes the office's file back with every bad cell marked.

An app's import declares its own sheets with ``columns``, checks the cleaned records against the
database and writes them (the registry's in ``fupin.registry.importing``, the grid's in
``fupin.grid.exchange``).
"""
