"""``python -m web.cli``: the ``yizhan`` command (guarded: importing this module runs nothing)."""

from web.cli import main

if __name__ == "__main__":
    main()
