"""The health URL a proxy or monitor polls: the app started as deploy/improvement-plan.service starts
it (serve.py under /improvement-plan), its database missing, damaged, locked, then fine."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.e2e.deploy_stack import fetch, free_ports, service


def test_health_url_fails_until_the_database_opens(built_db_template, tmp_path):
    db = tmp_path / "plan.duckdb"
    (port,) = free_ports(1)
    with service(tmp_path, db, port) as url:
        health = f"{url}/healthz"

        status, body, headers = fetch(health)
        assert (status, body) == (503, "FAIL: the plan database file is missing (is the data disk mounted?)\n")
        assert headers["Cache-Control"] == "no-store"
        assert not db.exists()  # the check never creates a database

        db.write_bytes(b"not a database" * 500)
        assert fetch(health)[:2] == (503, "FAIL: the plan database cannot be opened (IOException)\n")

        shutil.copy(built_db_template, db)
        holder = subprocess.Popen(  # another program (DBeaver, a script) has the file open
            [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
             "print('ready', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "ready"
            assert fetch(health)[:2] == (503, "FAIL: the plan database is locked by another program\n")
        finally:
            holder.kill()
            holder.wait()

        status, body, _ = fetch(health)
        assert status == 200
        assert body.startswith("OK: the plan database opens and reads: 1 plan(s), 37 actions, ")
        assert fetch(f"{url}/_stcore/health")[0] == 200  # Streamlit's own check knows none of this
    log = (tmp_path / "service.log").read_text()
    assert "health check failed: the plan database is locked by another program" in log
    assert "Traceback" not in log
