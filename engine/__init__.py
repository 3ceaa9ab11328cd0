"""ssi-advise engine: estimate LinkedIn SSI pillar scores from profile facts and rank advice.

Library use, no click needed::

    from ssi_advise.engine import load_pack, compile_pack, load_profile, evaluate
    compiled = compile_pack(load_pack())          # the built-in pack
    report = evaluate(load_profile("me.yaml"), compiled)
    print(report.total, [a.id for a in report.actions[:3]])

The report holds no words of any language; `ssi_advise.reports` renders it in one.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .compiler import CompiledPack, compile_pack
from .evaluate import evaluate
from .model import PILLARS, Pack
from .pack import load_pack
from .problems import EngineError, InputError, Problem
from .profile import Profile, load_profile, profile_from_dict
from .report import Report
from .texts import Texts

try:
    __version__ = version("ssi-advise")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

__all__ = [
    "PILLARS",
    "CompiledPack",
    "EngineError",
    "InputError",
    "Pack",
    "Problem",
    "Profile",
    "Report",
    "Texts",
    "__version__",
    "compile_pack",
    "evaluate",
    "load_pack",
    "load_profile",
    "profile_from_dict",
]
