"""The client's tests run against a real running lab (started by itests' PythonClientIT, which sets these variables):
NEUROLAB_URL, NEUROLAB_TOKEN (a researcher's API token) and NEUROLAB_ORGANOIDS (the cultures the tests may use)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import neurolab  # noqa: E402


def _need(name):
    v = os.environ.get(name)
    if not v:
        pytest.fail("%s is not set: these tests run against a running lab (itests PythonClientIT starts one)" % name)
    return v


@pytest.fixture(scope="session")
def lab():
    return neurolab.Lab(_need("NEUROLAB_URL"), _need("NEUROLAB_TOKEN"))


@pytest.fixture(scope="session")
def organoid():
    return _need("NEUROLAB_ORGANOIDS").split(",")[0]
