"""Scripts that regenerate the files in ``geodata/data``; never imported at run time.

Run each one as a module from the repository root, for example
``.venv/bin/python -m geodata.build.districts``. See ``geodata/data/README.md``.
"""
