"""plainnet: your professional network as plain Markdown files, and what to do next about it."""

__version__ = "0.1.0"


def open_vault(*args, **kwargs):
    """Open a vault and sync its index; see plainnet.api.open_vault."""
    from plainnet.api import open_vault as _open

    return _open(*args, **kwargs)


__all__ = ["open_vault", "__version__"]
