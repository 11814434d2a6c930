"""Brokerage pages: broker pages (council staff), reports, and the provider portal."""
