"""The subcommands of ``omstill``, one module each.

A command module has ``NAME``, ``HELP`` (one line), ``DESCRIPTION``, ``configure(parser)`` and
``run(args) -> int``. Keep top-level imports light (argparse, pathlib): the CLI imports every command module
to build its help, and the heavy work belongs inside ``run``.
"""

MODULES = ("new", "validate", "demo")
