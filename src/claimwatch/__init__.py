"""claimwatch: watches coverage of AI-safety events and tells people what is true."""

__version__ = "0.1.0"

__all__ = ["__version__"]
