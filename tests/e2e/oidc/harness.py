"""A real OpenID Connect provider on this machine for the sign-in tests, and the `[auth]` secrets
that point Streamlit's `st.login` at it.

provider.mjs runs the npm package `oidc-provider` (installed in this folder by `make oidc`) with the
two test users of users.json (an officer and a manager) and one test client. Nothing here reaches
outside the machine: the provider listens on 127.0.0.1 and the app fetches its metadata from there.
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.harness import SERVER_START_SECONDS, _missing
from tests.e2e.deploy_stack import stop

HERE = Path(__file__).resolve().parent
USERS: dict[str, dict] = json.loads((HERE / "users.json").read_text())
CLIENT_ID = "improvement-plan-test"
CLIENT_SECRET = "test-only-client-secret"  # a test client on a test provider: not a secret
COOKIE_SECRET = "test-only-cookie-secret-0123456789abcdef"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        _missing("Node.js is not installed: `apt-get install nodejs npm`.")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        _missing("The test OIDC provider is not installed: run `make oidc` (npm ci in tests/e2e/oidc).")
    return found


@contextmanager
def oidc_provider(folder: Path, port: int, redirect_uri: str):
    """Run provider.mjs on 127.0.0.1:port for a client whose callback is `redirect_uri`; yields the
    issuer URL."""
    config = folder / "oidc-provider.json"
    config.write_text(json.dumps({
        "client": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": redirect_uri},
        "users": USERS,
    }))
    log = folder / "oidc-provider.log"
    proc = subprocess.Popen([node(), str(HERE / "provider.mjs"), str(port), str(config)], cwd=HERE,
                            stdout=subprocess.PIPE, stderr=open(log, "wb"), text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], SERVER_START_SECONDS)
        line = proc.stdout.readline() if ready else ""  # "ready ISSUER", or "" if it died or hung
        if not line.startswith("ready "):
            proc.kill()
            pytest.fail(f"the OIDC provider did not start:\n{log.read_text(errors='replace')[-3000:]}",
                        pytrace=False)
        yield line.split()[1]
    finally:
        stop(proc)


def auth_secrets(folder: Path, issuer: str, redirect_uri: str) -> Path:
    """secrets.toml as an IT team would write it for its own provider: the managers by e-mail, the
    officers' sign-in e-mails (where the officer table has none), and the `[auth]` section."""
    path = folder / "secrets.toml"
    path.write_text(f"""managers = ["julie.clempson@council.test"]

[officer_emails]
sue-philp = "sue.philp@council.test"

[auth]
redirect_uri = "{redirect_uri}"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
# Streamlit asks for prompt=select_account by default (Entra ID knows it; oidc-provider does not).
client_kwargs = {{ prompt = "login" }}
""")
    return path
