"""Neutral numeric helpers shared by psychometrics/ and responses/ (numpy only; imports
nothing else of cemsurvey but :mod:`cemsurvey.errors`)."""
