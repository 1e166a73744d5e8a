"""The passwords a workspace refuses because people choose them most often (ASVS 4.0 V2.1.7).

`common-passwords.txt` beside this module is made by scripts/common_passwords.py from the 30,000 most common
passwords that zxcvbn ships (MIT licence; taken from Mark Burnett's ten million passwords): those long
enough to be allowed at all, and the commonest shorter ones stretched with the endings people add ("1234",
"!", a year). Read once, when first needed.
"""

from __future__ import annotations

import functools
from pathlib import Path

LIST = Path(__file__).with_name("common-passwords.txt")


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(line for line in LIST.read_text(encoding="utf-8").splitlines() if line)


def is_common(lowered: str) -> bool:
    """Whether the (lower-cased) password is on the list."""
    return lowered in _known()
