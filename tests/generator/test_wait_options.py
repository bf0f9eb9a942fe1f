"""The wait options the generator writes into every ``run`` overload are ``Job.wait``'s own."""

from __future__ import annotations

import inspect

from runcomfy_client import AsyncJob, Job

from generator.emit.render import WAIT_PARAMS
from generator.pipeline.naming import RESERVED_FIELD_NAMES


def test_run_overloads_use_the_wait_options_and_defaults_of_job_wait() -> None:
    for job in (Job, AsyncJob):
        wait = inspect.signature(job.wait).parameters
        options = {name: p.default for name, p in wait.items() if name != "self"}
        written = {name: eval(kind.split("=", 1)[1]) for name, kind in WAIT_PARAMS}
        assert written == options


def test_wait_option_names_are_reserved_for_fields() -> None:
    assert {name for name, _ in WAIT_PARAMS} <= RESERVED_FIELD_NAMES
