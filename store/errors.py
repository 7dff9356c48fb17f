"""Typed errors with plain-English messages. Pages and the CLI show `str(error)` as it is."""


class PlanError(Exception):
    """Base class: anything the user can fix or should be told about plainly."""


class DateParseError(PlanError, ValueError):
    """A date written in a form the plan format does not know."""


class DatabaseLockedError(PlanError):
    """Another process holds the DuckDB file (DuckDB allows one writer process)."""


class BuildRefusedError(PlanError):
    """`store build` would overwrite recorded progress without --force."""


class ValidationError(PlanError):
    """Input that breaks the plan's rules; `problems` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ReasonNeeded(ValidationError):
    """A save would make a rating worse (or keep it green while late) and its owner gave no reason."""


class ConflictError(PlanError):
    """Someone else saved the same item since this editor loaded it."""
