"""Test-session setup shared by pytest tests and nbval notebook runs.

Kernels started by nbval inherit this environment, so grading verdicts recorded while
the notebooks run go to a throwaway progress database, never the developer's own.
"""
import os
import tempfile


def pytest_configure(config):
    os.environ["COURSE_DATA_DIR"] = tempfile.mkdtemp(prefix="course-test-data-")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
