"""Signature circuits (the parapheur): visas, signatures and the ministry's seal."""
