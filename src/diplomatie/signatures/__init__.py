"""The ministry's certificate authority, PDF rendering, PAdES signing and verification."""
