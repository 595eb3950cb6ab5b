"""The app's screens: search, reader, compare, browse, bookmarks, dialogs."""
