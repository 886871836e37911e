"""advisor: a terminal advisor for choosing a Master's in Machine Learning."""

__version__ = "0.1.0"
