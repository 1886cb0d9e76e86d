"""cemsurvey: survey instruments and psychometrics from one YAML file.

The package core (everything outside :mod:`cemsurvey.cli` and :mod:`cemsurvey.report`)
is pure: it never imports typer or rich, never prints, and reports statistical
trouble through the warning classes in :mod:`cemsurvey.errors`.
"""

__version__ = "0.1.0"
