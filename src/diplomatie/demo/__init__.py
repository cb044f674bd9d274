"""Demonstration data: a realistic foreign ministry to explore the platform with."""
