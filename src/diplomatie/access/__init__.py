"""THE visibility policy. Every read path asks this package who may see what.

`querysets.py` answers with querysets (lists, searches, feeds), `policy.py` with
predicates (one object); both are written side by side from the same rules and a
parity test keeps them in agreement.
"""
