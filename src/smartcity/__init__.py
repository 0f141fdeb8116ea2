"""Binh Duong Smart City platform."""

__version__ = "0.1.0"
