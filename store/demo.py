"""Illustrative progress history for the built-in plan (filled in by the progress issue)."""


def write_demo_history(con, plan_id: str) -> None:
    return None
