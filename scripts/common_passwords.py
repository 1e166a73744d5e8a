"""Make assess/web/common-passwords.txt, the passwords the workspace refuses as too easy to guess.

    python scripts/common_passwords.py zxcvbn-4.4.28/zxcvbn/frequency_lists.py > assess/web/common-passwords.txt

The source is the list of the 30,000 most common passwords that zxcvbn (Dropbox's password strength
estimator; the Python port zxcvbn 4.4.28 on PyPI, MIT licence) ships, which it took from Mark Burnett's ten
million passwords (2015). A workspace password has at least 12 characters, so the list keeps:

- the passwords of that list that are 12 to 128 characters long as they are;
- the 2,000 most common of the rest, of at least 6 characters, each with the endings people most often add
  to stretch a short password to a required length ("1234", "123456", "!", a year...), where that makes
  12 characters or more.

Lower-case, one a line, sorted, without duplicates; the check compares the lower-cased password. The file is
read with `ast`, never run.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ENDINGS = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "!", "1!", "123!", "1234!",
           "!!", "01", "69", "007", "2000", "2010", "2015", "2020", "2021", "2022", "2023", "2024", "2025", "2026"]
MIN, MAX, STRETCHED = 12, 128, 2000


def source_list(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "passwords":
                    text = ast.literal_eval(value.func.value) if isinstance(value, ast.Call) else \
                        ast.literal_eval(value)
                    return list(text.split(",") if isinstance(text, str) else text)
    raise SystemExit(f"{path}: no 'passwords' list")


def common(passwords: list[str]) -> list[str]:
    found = {p.lower() for p in passwords if MIN <= len(p) <= MAX}
    short = [p.lower() for p in passwords if 6 <= len(p) < MIN][:STRETCHED]
    found.update(word + ending for word in short for ending in ENDINGS if MIN <= len(word + ending) <= MAX)
    return sorted(found)


if __name__ == "__main__":
    sys.stdout.write("".join(f"{p}\n" for p in common(source_list(Path(sys.argv[1])))))
