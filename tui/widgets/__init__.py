"""Reusable widgets: the results list and the item view."""
