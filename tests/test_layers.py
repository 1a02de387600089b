"""The import graph keeps its contracts (``[tool.importlinter]`` in pyproject.toml): core imports
no other part of fupin, and every app imports only the apps below it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(contract: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--contract", contract, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("contract", ["core-independent", "layers"])
def test_the_contract_is_kept(contract):
    result = lint(contract)
    assert result.returncode == 0, result.stdout + result.stderr
