"""The one BLAS-thread limiter of cemsurvey.

The matrices of survey psychometrics are small (p up to a few hundred): OpenBLAS' threading
then costs far more than it gains, and on a busy 2-core machine a 112 x 112 ``eigh`` is about
25 times slower multi-threaded than single-threaded. Every estimation loop (CFA/SEM, EFA,
parallel analysis, PLS, reliability, response screening) runs inside :func:`blas_threads`.
Without threadpoolctl the block runs unchanged.

threadpoolctl limits only the libraries loaded when the block starts, and scipy ships an
OpenBLAS of its own beside numpy's, loaded with ``scipy.linalg``: the limiter loads it first,
or every scipy call inside the block would still run with all cores' threads (the whole
``analyze`` of a 112-item model took 5.9 s of CPU instead of 3.6 s on two cores).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

try:  # threadpoolctl ships with scikit-learn and is a declared dependency
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None

__all__ = ["blas_threads"]


@contextlib.contextmanager
def blas_threads(n: int = 1) -> Iterator[None]:
    """Limit BLAS/LAPACK to ``n`` threads inside the block (threadpoolctl, ``user_api="blas"``).

    Examples
    --------
    >>> import numpy as np
    >>> with blas_threads(1):
    ...     float(np.linalg.det(np.eye(3)))
    1.0
    """
    if threadpool_limits is None:  # pragma: no cover
        yield
        return
    import scipy.linalg  # noqa: F401  (loads scipy's OpenBLAS so that it is limited too)

    with threadpool_limits(n, user_api="blas"):
        yield
