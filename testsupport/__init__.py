"""What the tests and the benchmarks share: a free port, a real gunicorn server and the crash
test's machinery (:mod:`testsupport.live_server`), and how Debian's Chromium is driven
(:mod:`testsupport.chromium`).

Neither ``tests/`` nor ``bench/`` is imported by the other; both import this. It is not part
of the installed product (``pyproject.toml`` packages only finder, geodata and web).
"""
