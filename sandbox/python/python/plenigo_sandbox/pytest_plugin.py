"""The pytest plugin of plenigo-sandbox (registered through the ``pytest11`` entry point).

Fixtures:

- ``plenigo_sandbox_server`` (session): one sandbox process for the whole run.
- ``plenigo_sandbox``: that sandbox, reset to the built-in fixture before the test (empty
  journal, no faults). It has ``url``, ``company_id``, ``secret``, ``customer_id``,
  ``product_id``, ``admin(...)``, ``journal()``.
"""

from typing import Iterator

import pytest

from . import Sandbox, start


@pytest.fixture(scope="session")
def plenigo_sandbox_server() -> Iterator[Sandbox]:
    sandbox = start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def plenigo_sandbox(plenigo_sandbox_server: Sandbox) -> Sandbox:
    plenigo_sandbox_server.reset()
    return plenigo_sandbox_server
