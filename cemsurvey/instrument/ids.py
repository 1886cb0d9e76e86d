"""The form of an identifier in the instrument YAML (items, constructs, scales, dimensions):
a letter, then letters, digits or underscores. Shared by the schema (:mod:`.model`) and the
path parser (:mod:`.paths`)."""

from __future__ import annotations

import re

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
ID_RE = re.compile(ID_PATTERN)
