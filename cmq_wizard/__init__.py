"""cmq-wizard: a rule-based eligibility wizard for the Campus des Métiers et des Qualifications."""

__version__ = "0.1.0"
