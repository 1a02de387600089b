"""The ledger's fixtures for its API tests: files in a temporary data directory, the clock at a
known moment, and the village's helping cadre with an account."""

from tests.ledger.conftest import clock, media_in_tmp, people  # noqa: F401  (fixtures)
