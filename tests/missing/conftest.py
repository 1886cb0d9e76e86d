"""Registers the ``slow`` marker here until the suite-wide one (issue 22) is merged."""


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: end-to-end runs of a minute or more")
