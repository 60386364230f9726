"""The `plainnet` command and `python -m plainnet`: a replayed answer when the vault did not change
(plainnet.replay, which imports almost nothing), else the full command line."""
import sys


def main() -> None:
    from plainnet.replay import answer

    try:
        code = answer(sys.argv[1:])
    except (OSError, ValueError, TypeError, EOFError, UnicodeError):  # any doubt: run the command itself
        code = None
    if code is not None:
        raise SystemExit(code)
    from plainnet.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
