"""The BLAS limiter reaches scipy's own OpenBLAS, even when scipy is loaded inside the block.

threadpoolctl limits only the libraries loaded when a block starts; scipy wheels ship an
OpenBLAS beside numpy's. Run in a fresh interpreter with two BLAS threads by default, so the
test can fail on any machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CODE = """
import json
import numpy
from threadpoolctl import threadpool_info
from cemsurvey._blas import blas_threads

def threads():
    return sorted({(i['filepath'], i['num_threads']) for i in threadpool_info()
                   if i['user_api'] == 'blas'})

with blas_threads(1):
    import scipy.linalg
    inside = threads()
print(json.dumps({"inside": inside, "after": threads()}))
"""


def test_scipy_openblas_is_limited_when_loaded_inside_the_block():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         env=env, check=True).stdout
    res = json.loads(out)
    assert res["inside"], "no BLAS library found"
    assert all(n == 1 for _, n in res["inside"]), res["inside"]
    # the default outside the block is two threads: the check above is not vacuous
    assert {path for path, _ in res["inside"]} == {path for path, _ in res["after"]}
    assert all(n == 2 for _, n in res["after"]), res["after"]
