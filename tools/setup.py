"""Set up the course and build the book: python3 tools/setup.py

Needs only Python 3.11 and pip. Creates .venv/, installs the exactly pinned
dependencies (requirements.lock) and the course itself, then builds the HTML book
offline. Safe to run again: it reuses .venv and the book's execution cache.
"""
from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def main() -> int:
    if sys.version_info[:2] != (3, 11):
        print(f"This course is pinned for Python 3.11; this is {sys.version.split()[0]}.", file=sys.stderr)
        return 1
    python = VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not python.exists():
        print(f"Creating the virtual environment {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", str(ROOT / "requirements.lock"))
    run(str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-deps", "--no-build-isolation", "-e", str(ROOT))
    run(str(python), str(ROOT / "tools" / "build_book.py"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
