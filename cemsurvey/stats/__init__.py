"""Neutral numeric helpers shared by psychometrics/ and responses/ (numpy and scipy.special
only; imports nothing else of cemsurvey but :mod:`cemsurvey.errors`)."""
