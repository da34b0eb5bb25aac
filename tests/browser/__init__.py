"""Browser tests: JupyterLab driven in Chromium (fixtures and helpers in conftest.py)."""
