"""assess: AI-governance impact assessments from YAML frameworks."""

__version__ = "0.1.0"
