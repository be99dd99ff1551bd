"""fauxpas: a pre-publication risk linter for social media posts.

    >>> import fauxpas
    >>> report = fauxpas.check("Our thoughts are with Texas. Use code FLOOD20 for 20% off!")
    >>> report.verdict, [f.rule for f in report.findings]

The library never prints or exits; errors are exceptions from :mod:`fauxpas.errors`.
"""

from fauxpas.gcpause import gc_paused

with gc_paused():  # importing the package's modules builds only long-lived objects (see gcpause)
    from fauxpas.api import Session, check
    from fauxpas.config import Config, load_config
    from fauxpas.errors import ConfigError, FauxpasError, InputError, RuleError, UsageError
    from fauxpas.linter import Linter
    from fauxpas.models import CATEGORIES, Finding, Post, PostReport, Report, SimilarCase, Source
    from fauxpas.rules.loader import RuleSet, load_rules

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES", "Config", "ConfigError", "FauxpasError", "Finding", "InputError", "Linter", "Post",
    "PostReport", "Report", "RuleError", "RuleSet", "Session", "SimilarCase", "Source", "UsageError",
    "__version__", "check", "load_config", "load_rules",
]
