"""Diplomatie: a secure professional social network for a foreign ministry."""
