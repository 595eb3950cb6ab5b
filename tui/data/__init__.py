"""User data kept between runs (SQLite): bookmarks, recent items, settings, review state.

Nothing here imports Textual; the app and the command line both use it.
"""
