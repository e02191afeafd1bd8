"""The package version, in a leaf module so that library modules need not import the package itself."""

__version__ = "0.1.0"
