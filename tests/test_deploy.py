"""The files IT installs (deploy/): the systemd units pass `systemd-analyze verify`, and the unit, the
nginx site and the README agree on the path, the port and where the data lives."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.deploy_stack import INSTALL_DIR, NGINX_SITE, UNIT, base_path, unit_settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = ["improvement-plan.service", "improvement-plan-backup.service", "improvement-plan-backup.timer"]
STATE = "/var/lib/improvement-plan"


def systemd_analyze() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        message = "systemd-analyze is missing (Debian package 'systemd'): the unit files were not verified"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    return tool


def verify(folder: Path, names: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([systemd_analyze(), "verify", *names], cwd=folder, capture_output=True, text=True)


def installed_copy(tmp_path: Path) -> Path:
    """The units as installed from this checkout: /opt/improvement-plan is this folder (verify checks
    that every command exists and is executable)."""
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(INSTALL_DIR, str(ROOT))
        (tmp_path / name).write_text(text)
    return tmp_path


def test_units_pass_systemd_analyze_verify(tmp_path):
    result = verify(installed_copy(tmp_path), UNITS)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # warnings too: an unknown key is only a warning


def test_verify_would_catch_a_broken_unit(tmp_path):
    """The check is not vacuous here: a misspelt key and a missing program are reported."""
    folder = installed_copy(tmp_path)
    unit = folder / "improvement-plan.service"
    unit.write_text(unit.read_text().replace("Restart=on-failure", "Restartt=on-failure")
                    .replace(f"{ROOT}/.venv/bin/python -m streamlit", "/nonexistent/python -m streamlit"))
    result = verify(folder, ["improvement-plan.service"])
    assert result.returncode != 0
    assert "Unknown key 'Restartt'" in result.stderr
    assert "/nonexistent/python" in result.stderr


def directives(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if re.match(r"^[A-Za-z]+=", line):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def test_service_runs_unprivileged_restarts_logs_to_the_journal_keeps_data_on_the_state_path():
    unit = directives("improvement-plan.service")
    assert unit["User"] == ["improvement-plan"] and unit["Group"] == ["improvement-plan"]
    assert unit["Restart"] == ["on-failure"]
    assert unit["StandardOutput"] == ["journal"] and unit["StandardError"] == ["journal"]
    assert unit["StateDirectory"] == ["improvement-plan"]  # systemd creates /var/lib/improvement-plan
    env, argv = unit_settings(UNIT)
    assert env["PLAN_DB"] == f"{STATE}/plan.duckdb"
    assert env["PLAN_BACKUP_DIR"] == f"{STATE}/backups"
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1"  # only nginx reaches it
    assert argv == ["-m", "streamlit", "run", "serve.py"]
    assert unit["ExecStartPre"] == [f"{INSTALL_DIR}/.venv/bin/python -m store health"]
    assert unit["EnvironmentFile"] == ["-/etc/improvement-plan/env"]


def test_backup_unit_uses_the_same_database_and_keeps_fourteen():
    service, backup = unit_settings(UNIT)[0], directives("improvement-plan-backup.service")
    env = dict(v.split("=", 1) for v in backup["Environment"])
    assert (env["PLAN_DB"], env["PLAN_BACKUP_DIR"]) == (service["PLAN_DB"], service["PLAN_BACKUP_DIR"])
    assert backup["ExecStart"] == [f"{INSTALL_DIR}/.venv/bin/python -m store backup --keep 14"]
    assert backup["User"] == ["improvement-plan"]
    # the dashboard holds the database open: it is stopped for the copy and always started again
    assert backup["ExecStartPre"] == ["+/usr/bin/systemctl stop improvement-plan.service"]
    assert backup["ExecStopPost"] == ["+/usr/bin/systemctl start improvement-plan.service"]
    assert directives("improvement-plan-backup.timer")["OnCalendar"] == ["*-*-* 02:30:00"]


def test_nginx_site_matches_the_service():
    env = unit_settings(UNIT)[0]
    site = NGINX_SITE.read_text()
    prefix = base_path(env)
    assert f"location {prefix}/ {{" in site
    assert f"location = {prefix} {{" in site
    assert f"server 127.0.0.1:{env['STREAMLIT_SERVER_PORT']};" in site
    for header in ("Upgrade $http_upgrade", "Connection $connection_upgrade", "Host $http_host",
                   "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
        assert f"proxy_set_header {header};" in site



def test_deployment_page_names_the_deploy_files_and_commands():
    page = (DEPLOY / "README.md").read_text()
    for text in ["deploy/improvement-plan.service", "deploy/nginx/improvement-plan.conf",
                 "improvement-plan-backup.timer", ".streamlit/secrets.toml", "/improvement-plan/healthz",
                 "python -m store backup", "python -m store restore", "--force", f"{STATE}/plan.duckdb",
                 "journalctl -u improvement-plan", "systemctl", "tests/test_upgrade.py"]:
        assert text in page, f"deploy/README.md does not mention {text}"
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Deploying for a council"):]
    assert "](deploy/README.md)" in section.split("\n## ")[0]
