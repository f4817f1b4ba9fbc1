"""The hub's Jupyter server opens on the course's first available chapter (binder/start puts this
folder on JUPYTER_CONFIG_PATH). A Binder link's ?urlpath=... or a JupyterHub Spawner.default_url
still wins: they are passed on the command line."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def first_chapter_url() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from course import chapters

        available = chapters.available()
        return f"/lab/tree/{available[0].notebook.relative_to(ROOT).as_posix()}" if available else "/lab"
    except Exception:  # never stop the server over a convenience
        return "/lab"
    finally:
        sys.path.remove(str(ROOT))


c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
# `jupyter lab`, `jupyter notebook` (repo2docker's default command) and jupyterhub-singleuser each
# read their own app's default_url
c.ServerApp.default_url = c.LabApp.default_url = c.JupyterNotebookApp.default_url = first_chapter_url()
