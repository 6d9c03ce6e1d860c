"""opsporing: a Danish training kit in early detection of neglect, served as Voila pages."""

__version__ = "0.1.0"
