"""The ``kg`` subcommands, one module per kind of work; ``kg/cli.py`` holds the argument parser
and ``main``, and maps each subcommand to its function here.

- ``common.py``: exit codes, settings from the arguments, the API object
- ``ingest.py``: ``build``, ``fetch``, ``watch`` (and their printed summaries)
- ``serve.py``: ``serve``
- ``read.py``: ``query``, ``search``, ``export``, ``validate``, ``stats``
- ``analysis.py``: ``eval``, ``graph``
"""
