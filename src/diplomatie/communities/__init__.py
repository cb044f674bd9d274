"""Communities, discussions and wiki pages."""
