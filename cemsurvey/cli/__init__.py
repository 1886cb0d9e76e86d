"""Command-line interface: one thin ``cmd_<name>.py`` module per command."""
