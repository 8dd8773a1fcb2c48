"""pytest set-up for every test under tests/: the binary under test, the generated Faiss fixtures
(both Faiss builds, cached; tests/fixtures/build.py) and the real-world files of shared/.

Env: F2M_BIN (the faiss2milvus binary; default build/release/src/cli/faiss2milvus, and the run
stops at once if it is not there), F2M_CACHE (fixture cache root), F2M_WILD (folder of
real-world fixtures; default ../shared/fixtures/wild beside the repository).
"""

import os
import pathlib
import sys

import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests" / "e2e"), str(REPO / "tests" / "fixtures")]

import build as fixture_build  # noqa: E402  (tests/fixtures/build.py)
import faiss_fixtures  # noqa: E402
from helpers import wild_root  # noqa: E402  (tests/e2e/helpers.py)

DEFAULT_BIN = REPO / "build" / "release" / "src" / "cli" / "faiss2milvus"


def binary_path():
    return pathlib.Path(os.environ.get("F2M_BIN") or DEFAULT_BIN)


def pytest_configure(config):
    b = binary_path()
    if not (b.is_file() and os.access(b, os.X_OK)):
        raise pytest.UsageError(
            f"faiss2milvus binary not found at {b}: build it (cmake --preset release && "
            f"cmake --build --preset release) or set F2M_BIN to the binary")


def pytest_report_header(config):
    return [f"faiss2milvus: {binary_path()}", f"fixture cache: {fixture_build.cache_root()}",
            f"wild fixtures: {wild_root()}"]


@pytest.fixture(scope="session")
def f2m_bin():
    return str(binary_path())


@pytest.fixture(scope="session")
def fixture_dirs():
    """{label: folder} of the generated fixtures (generated on first use, then cached)."""
    return fixture_build.ensure()


class FaissCase:
    """One generated index: its file, its catalog entry and what Faiss reconstructs from it."""

    def __init__(self, label, folder, entry):
        self.label, self.folder, self.entry = label, pathlib.Path(folder), entry
        self.name = entry["name"]
        self.path = self.folder / entry["file"]

    def truth(self):
        with np.load(self.folder / self.entry["truth"]) as z:
            return z["ids"], z["vectors"]

    def __repr__(self):
        return f"{self.label}/{self.name}"


@pytest.fixture(scope="session")
def catalogs(fixture_dirs):
    return {label: fixture_build.catalog(folder) for label, folder in fixture_dirs.items()}


@pytest.fixture
def case(request, fixture_dirs, catalogs):
    label, name = request.param
    return FaissCase(label, fixture_dirs[label], catalogs[label]["fixtures"][name])


@pytest.fixture(scope="session")
def flat_case(fixture_dirs, catalogs):
    """A small real IxF2 (1000 x 64, faiss-cpu) for the error tests to cut and patch."""
    return FaissCase("pypi", fixture_dirs["pypi"], catalogs["pypi"]["fixtures"]["flat_l2_d64_n1000"])
