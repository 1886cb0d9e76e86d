"""``make demo``: run the main job on a bundled instrument and say where the output is."""

from __future__ import annotations

import sys

from cemsurvey.cli.app import main as cli_main


def main() -> int:
    from importlib import resources

    starter = resources.files("cemsurvey.instrument").joinpath("starter.yaml")
    return cli_main(["validate", str(starter)])


if __name__ == "__main__":
    sys.exit(main())
