"""Run the test suite on every supported Python, each from a freshly built wheel.

    nox                      # 3.11, 3.12 and 3.13
    nox -s tests-3.13        # one of them

Interpreters come from PATH (python3.11 …); with pyenv, enable them first, e.g.
`export PYENV_VERSION="$(pyenv versions --bare | grep -E '^3\\.1[123]\\.' | paste -sd:)"`.
"""

from __future__ import annotations

import glob

import nox

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

# durable-rules 2.0.28 calls PyEval_CallObject, which Python 3.13 removed; this maps it to
# its replacement when the C extension is compiled (CFLAGS is overwritten by its setup.py).
DURABLE_RULES_313 = {"CPPFLAGS": "-DPyEval_CallObject=PyObject_CallObject"}


@nox.session(python=["3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """Build a wheel, install it with the test, pdf and browser extras into a new venv, run pytest."""
    wheels = session.create_tmp()
    session.run("python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels, ".")
    (wheel,) = glob.glob(f"{wheels}/ssi_advise-*.whl")
    env = DURABLE_RULES_313 if session.python == "3.13" else {}
    # pdf and browser: the PDF and headless-browser tests run on every Python too.
    session.install("--quiet", "--no-cache-dir" if env else "--quiet", f"{wheel}[test,pdf,browser]", env=env)
    # The source folders (engine/, cli/) are not an importable ssi_advise package, so the
    # tests can only import the installed wheel.
    session.run("python", "-m", "pytest", *session.posargs)
