"""User data kept between runs (SQLite): bookmarks, recent items, settings, review state.

Nothing here imports Textual; the app and the command line both use it.
"""


class StorageError(Exception):
    """The user database could not be read or written; the message says why, for the user."""
