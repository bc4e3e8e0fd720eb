"""granska: consistency checks for Swedish municipal annual reports."""

__version__ = "0.1.0"
