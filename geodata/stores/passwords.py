"""The password rule for accounts: long enough, not common, not the user's own name.

Length does most of the work (NIST SP 800-63B, section 3.1.1.2: at least 8 characters, checked
against lists of known-bad passwords, no composition rules); we ask for 12. The list of common
passwords is ``geodata/data/common_passwords.txt`` (its header names its sources). Because the
most common passwords are short, a long one is also refused when it is a common one with digits
or punctuation around it ("password1234"), a common one repeated ("qwertyqwerty"), a run along
the keyboard or the alphabet, or made of fewer than five different characters.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources

MIN_LENGTH = 12
MAX_LENGTH = 1024
MIN_DISTINCT = 5
_PADDING = string.digits + string.punctuation + " "
_RUNS = (
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "01234567890123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
    "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p",
)


@cache
def common_passwords() -> frozenset[str]:
    text = (resources.files("geodata") / "data" / "common_passwords.txt").read_text("utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, user_name: str = "") -> str | None:
    """Why ``password`` is refused, in words for the person choosing it; None if it is fine.

    >>> password_problem("correct horse battery staple", "wang")
    >>> password_problem("password1234")
    'it is a common password with digits or punctuation added'
    """
    if len(password) < MIN_LENGTH:
        return f"it must be at least {MIN_LENGTH} characters long (it has {len(password)})"
    if len(password) > MAX_LENGTH:
        return f"it must be at most {MAX_LENGTH} characters long"
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT:
        return f"it must use at least {MIN_DISTINCT} different characters"
    name = user_name.strip().lower()
    if len(name) >= 3 and name in lowered:
        return "it must not contain the user name"
    common = common_passwords()
    if lowered in common:
        return "it is one of the most common passwords"
    core = lowered.strip(_PADDING)
    if core in common:
        return "it is a common password with digits or punctuation added"
    for text in {lowered, core} - {""}:
        if any(_repeats(text, word) for word in common if len(word) < len(text)):
            return "it is a common password repeated"
    squeezed = "".join(c for c in lowered if not c.isspace())
    if any(squeezed in run or squeezed in run[::-1] for run in _RUNS):
        return "it is a run of keys along the keyboard or the alphabet"
    return None


def _repeats(text: str, word: str) -> bool:
    return len(text) % len(word) == 0 and word * (len(text) // len(word)) == text
