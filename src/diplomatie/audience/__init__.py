"""Readers' interest ratings, counted views and audience pages."""
