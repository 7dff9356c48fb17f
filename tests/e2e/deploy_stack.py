"""The deployment as IT runs it, on loopback ports: the app started the way
deploy/improvement-plan.service starts it, behind nginx with deploy/nginx/improvement-plan.conf and a
self-signed certificate made for the test. Used by test_proxy_e2e.py (and the health URL tests).

Only what cannot be the same on a test machine is changed: ports, file paths and the certificate.
Each change must match the deploy file exactly once, so a drifting file fails loudly here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.harness import NAV_TIMEOUT_MS, SERVER_START_SECONDS, VIEWPORT, _free_port, _missing

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "improvement-plan.service"
NGINX_SITE = DEPLOY / "nginx" / "improvement-plan.conf"
INSTALL_DIR = "/opt/improvement-plan"  # where the unit expects the code
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def unit_settings(unit: Path = UNIT) -> tuple[dict[str, str], list[str]]:
    """The Environment= settings and the ExecStart arguments after the interpreter, from the unit."""
    env, argv = {}, []
    for line in unit.read_text().splitlines():
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            env[key] = value
        elif line.startswith("ExecStart="):
            command = shlex.split(line.removeprefix("ExecStart="))
            assert command[0] == f"{INSTALL_DIR}/.venv/bin/python", command
            argv = command[1:]
    assert env and argv, f"{unit} has no Environment= or ExecStart= lines"
    return env, argv


def base_path(env: dict[str, str]) -> str:
    """/improvement-plan: the path the app is served under (server.baseUrlPath)."""
    return "/" + env["STREAMLIT_SERVER_BASE_URL_PATH"].strip("/")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and localhost (never committed: it lives in tmp)."""
    if not shutil.which("openssl"):
        _missing("openssl is not installed: `apt-get install openssl`.")
    cert, key = folder / "proxy.pem", folder / "proxy.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True)
    return cert, key


def _replace_once(text: str, pattern: str, replacement: str) -> str:
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"{NGINX_SITE.name}: expected one line matching {pattern!r}, found {count}"
    return new


def nginx_site_for_test(http_port: int, https_port: int, upstream_port: int, cert: Path, key: Path) -> str:
    site = NGINX_SITE.read_text()
    site = _replace_once(site, r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{http_port};")
    site = _replace_once(site, r"^(\s*)listen 443 ssl;", rf"\1listen 127.0.0.1:{https_port} ssl;")
    site = _replace_once(site, r"server 127\.0\.0\.1:8501;", f"server 127.0.0.1:{upstream_port};")
    site = _replace_once(site, r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};")
    site = _replace_once(site, r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};")
    return site


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        if proc.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"{what} did not start (exit {proc.poll()}):\n{text[-3000:]}", pytrace=False)
        time.sleep(0.1)


@contextmanager
def nginx(folder: Path, site: str, ports: tuple[int, ...]):
    """Debian's nginx with `site` as its only site, run as a foreground process of the test."""
    if not Path(NGINX).exists():
        _missing("nginx is not installed: run `make proxy` (installs Debian's nginx).")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private tmp
    (folder / "nginx.conf").write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t rejected the configuration:\n{check.stderr}"
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.STDOUT,
                            stdout=open(folder / "nginx.out", "wb"))
    try:
        for port in ports:
            _wait_for_port(port, proc, "nginx", folder / "error.log")
        yield proc
    finally:
        stop(proc, signal.SIGQUIT)  # nginx's graceful stop: workers finish, the master exits


@contextmanager
def service(folder: Path, db: Path, port: int, extra_env: dict[str, str] | None = None,
            extra_args: list[str] | None = None):
    """The app as the unit starts it (its Environment= lines and ExecStart), on `port`, PLAN_DB=db,
    with `extra_args` after the unit's (e.g. a secrets file). Yields the direct (unproxied) base
    URL, e.g. http://127.0.0.1:PORT/improvement-plan."""
    env, argv = unit_settings()
    env = {**os.environ, **env, "PLAN_DB": str(db), "PLAN_BACKUP_DIR": str(folder / "backups"),
           "STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
           **(extra_env or {})}
    log = folder / "service.log"
    proc = subprocess.Popen([sys.executable, *argv, *(extra_args or [])], cwd=ROOT, env=env, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}{base_path(env)}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _answers(f"{url}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the service did not start (exit {proc.poll()}):\n"
                            f"{log.read_text(errors='replace')[-3000:]}", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, seconds: float = 15) -> None:
    """Stop a process a test started: `sig`, then SIGKILL if it is still there after `seconds`."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def local_tab(browser):
    """A browser tab (its own context) that accepts the test certificate, records every request in
    `tab.requests`, and stops any request to a host other than 127.0.0.1, noting it with the page
    that asked in `tab.blocked`: nothing a test does can reach outside the machine."""
    context = browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    context.set_default_timeout(NAV_TIMEOUT_MS)
    tab = context.new_page()
    tab.requests, tab.blocked, tab.errors = [], [], []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))

    def block(route):
        tab.blocked.append((route.request.url, route.request.frame.url))
        route.abort()

    context.route(lambda url: url.startswith("http") and urlsplit(url).hostname != "127.0.0.1", block)
    try:
        yield tab
    finally:
        context.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def fetch(url: str, context=None) -> tuple[int, str, Message]:
    """(status, body, headers: case-insensitive) of a GET; redirects are not followed, 4xx/5xx not raised."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    handlers = [NoRedirect()] + ([urllib.request.HTTPSHandler(context=context)] if context else [])
    try:
        with urllib.request.build_opener(*handlers).open(url, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def free_ports(n: int) -> list[int]:
    ports: set[int] = set()
    while len(ports) < n:
        ports.add(_free_port())
    return sorted(ports)
