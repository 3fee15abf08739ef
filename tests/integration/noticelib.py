"""Helpers shared by the notice tests (not a test itself: no test_
prefix)."""


def stderr_errors(name, stderr, fragments):
    """The mismatches between stderr and the expected fragments: one
    `relcheck: ` line per fragment, in order, each holding its fragment."""
    errs = []
    lines = stderr.splitlines()
    if len(lines) != len(fragments):
        errs.append(f"{name}: stderr {lines}, want {fragments}")
    for line, frag in zip(lines, fragments):
        if not line.startswith("relcheck: ") or frag not in line:
            errs.append(f"{name}: stderr line {line!r} lacks {frag!r}")
    return errs
