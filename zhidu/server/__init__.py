"""Publishing by push (SPEC §11): a bare repository whose hooks check a pushed ``main`` and publish it atomically.

The server never imports the build: it runs the project's own commands (``python -m zhidu check``, ``mkdocs build``)
as subprocesses of the installation that ran ``server init``, in a workspace that keeps its caches between builds.
"""
