"""Requests per second of the public pages, the API and two logged-in pages, served as in
production: gunicorn with 2 workers, DEBUG off (docs/operations.md), beside nginx serving the
home page's bytes as a static file (the ceiling of this machine).

Run (set-up databases, as `make setup` makes them; the script makes the SQLite one if missing):

    .venv/bin/python -m benchmarks.http_load \
        [--sqlite var/bench.sqlite3] [--postgres postgres://postgres@127.0.0.1:5432/lll_bench] \
        [--duration 12] [--connections 16] [--quick] [--code-dir DIR] [--cache-url redis://...]

`--code-dir` serves another checkout with this virtualenv (e.g. a worktree of main: the figures
before a change). It installs nginx and wrk from Debian (apt-get) where missing. Every request
runs `wrk -t2 -cN -dS --latency`; the table gives req/s, p50, p99 and the throughput as a
share of the cheapest request's (`/api/v1/units?limit=1`), measured in the same run. The two
logged-in pages (an office user's session cookie) are the coordination office's meeting page
and a body's page. Ratios matter more than absolute figures when the machine is shared.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SETUP_COMMANDS = [
    ["migrate", "--noinput", "-v0"],
    ["load_territory"],
    ["load_indicators"],
    ["import", "shipped", "--data-dir", "{data}"],
    ["load_demo_coordination"],
    ["load_demo_consultations"],
    ["load_comorelp"],
    ["load_demo_selfassessment"],
    ["load_occupations"],
    ["load_demo_vet"],
    ["load_demo_activities"],
]
SESSION_SNIPPET = """
import time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from lll.coordination.models import Body, Meeting
user, _ = get_user_model().objects.get_or_create(
    username="bench-office", defaults={"email": "bench-office@example.invalid"})
user.is_staff = user.is_superuser = True
user.must_change_password = False
user.save()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session["lll_seen"] = int(time.time())
session.create()
meeting = Meeting.objects.order_by("-pk").first()
body = Body.objects.order_by("pk").first()
print("BENCH", session.session_key, meeting.pk, body.pk)
"""


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str


def ensure_tools() -> None:
    missing = [tool for tool in ("nginx", "wrk") if not shutil.which(tool)]
    if missing:
        print(f"installing {', '.join(missing)} from Debian", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, cookie: str = "") -> bytes:
    """GET one of the servers this script started (loopback http only)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        if answer.status != 200 or answer.url != url:
            raise SystemExit(f"{url}: {answer.status} {answer.url}")
        return bytes(answer.read())


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def server_env(code_dir: Path, database_url: str, var_dir: Path, cache_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(code_dir),
            "DATABASE_URL": database_url,
            "LLL_VAR_DIR": str(var_dir),
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "LLL_DATA_DIR": os.environ.get("LLL_DATA_DIR", str(ROOT.parent / "shared" / "data")),
        }
    )
    if cache_url:
        env["LLL_CACHE_URL"] = cache_url
    return env


def lll(env: dict[str, str], code_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "lll"), *args], env=env, cwd=code_dir, check=True, capture_output=True, text=True
    )
    return done.stdout


def set_up(env: dict[str, str], code_dir: Path, sqlite_file: Path | None) -> None:
    """Migrate (a newer checkout may add tables); run the whole `make setup` if empty."""
    if sqlite_file is not None and not sqlite_file.exists():
        print(f"setting up {sqlite_file} (as make setup; a few minutes)", flush=True)
        for command in SETUP_COMMANDS:
            lll(env, code_dir, *[part.format(data=env["LLL_DATA_DIR"]) for part in command])
    else:
        lll(env, code_dir, "migrate", "--noinput", "-v0")


def wrk(
    url: str, seconds: int, connections: int, cookie: str = ""
) -> tuple[float, float, float, str]:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise SystemExit(f"wrk said:\n{out}")
    rps = float(found.group(1))
    errors = ""
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors = f"{found.group(1)} non-2xx"
    if found := re.search(r"Socket errors: (.*)", out):
        errors = (errors + " " + found.group(1)).strip()
    return rps, _latency(out, "50%"), _latency(out, "99%"), errors


def _latency(out: str, percentile: str) -> float:
    found = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if found is None:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def nginx(folder: Path, port: int, home: bytes) -> subprocess.Popen[bytes]:
    (folder / "www").mkdir()
    (folder / "www" / "home.html").write_bytes(home)
    (folder / "logs").mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{ root {folder}/www; default_type text/html; }}
    }}
}}
"""
    )
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(folder)])
    wait_for(f"http://127.0.0.1:{port}/home.html")
    return process


def run_engine(
    label: str, database_url: str, sqlite_file: Path | None, options: argparse.Namespace
) -> list[Result]:
    code_dir = Path(options.code_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="lll-http-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # nginx's workers (nobody) read the static file under it
        var_dir = folder / "var"
        var_dir.mkdir()
        env = server_env(code_dir, database_url, var_dir, options.cache_url)
        set_up(env, code_dir, sqlite_file)
        session, meeting, body = (
            lll(env, code_dir, "shell", "-c", SESSION_SNIPPET).split("BENCH ", 1)[1].split()
        )
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "lll.wsgi", "--bind", f"127.0.0.1:{port}"),
                *("--workers", str(options.workers), "--access-logfile", "/dev/null"),
            ],
            env=env,
            cwd=code_dir,
        )
        nginx_port = free_port()
        stop: list[subprocess.Popen[bytes]] = []
        server = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{server}/api/v1/units?limit=1")
            home = fetch(f"{server}/")
            (folder / "nginx").mkdir()
            static = nginx(folder / "nginx", nginx_port, home)
            stop.append(static)
            targets = [
                ("static file (nginx)", f"http://127.0.0.1:{nginx_port}/home.html", ""),
                ("cheapest: /api/v1/units?limit=1", f"{server}/api/v1/units?limit=1", ""),
                ("home /", f"{server}/", ""),
                ("indicator page", f"{server}/wskazniki/{options.indicator}/", ""),
                ("powiat profile", f"{server}/wskazniki/profil/{options.powiat}/", ""),
                ("region among the 16", f"{server}/wskazniki/region-wsrod-wojewodztw/", ""),
                (
                    "API CSV, 10,000 rows",
                    f"{server}/api/v1/observations?format=csv&limit=10000",
                    "",
                ),
                (
                    "logged in: meeting page",
                    f"{server}/koordynacja/posiedzenia/{meeting}/",
                    f"sessionid={session}",
                ),
                (
                    "logged in: body page",
                    f"{server}/koordynacja/organy/{body}/",
                    f"sessionid={session}",
                ),
            ]
            results = []
            for name, url, cookie in targets:
                fetch(url, cookie)  # warm, and check it answers 200 without a redirect
                rps, p50, p99, errors = wrk(url, options.duration, options.connections, cookie)
                results.append(Result(name, rps, p50, p99, errors))
                print(f"  {label}: {name}: {rps:.0f} req/s", flush=True)
            return results
        finally:
            for process in [*stop, gunicorn]:
                process.terminate()
                process.wait()


def report(label: str, results: list[Result]) -> None:
    cheapest = results[1].rps
    print(f"\n{label}")
    print("| request | req/s | p50 ms | p99 ms | ratio to cheapest |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        note = f" ({r.errors})" if r.errors else ""
        print(
            f"| {r.name}{note} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.rps / cheapest:.2f} |"
        )


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # the servers are stopped on the way out


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", default=str(ROOT / "var" / "bench.sqlite3"))
    parser.add_argument("--postgres", default="", help="URL of a set-up PostgreSQL database")
    parser.add_argument("--duration", type=int, default=12, help="seconds per request")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="3 s per request")
    parser.add_argument("--code-dir", default=str(ROOT), help="the checkout to serve")
    parser.add_argument("--cache-url", default="", help="LLL_CACHE_URL for the servers")
    parser.add_argument("--indicator", default="al-participation-4-weeks")
    parser.add_argument("--powiat", default="2001", help="a powiat's TERYT code")
    parser.add_argument("--engines", default="sqlite,postgres")
    options = parser.parse_args()
    if options.quick:
        options.duration = 3
    ensure_tools()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {os.cpu_count()} cores")
    engines = options.engines.split(",")
    if "sqlite" in engines:
        sqlite_file = Path(options.sqlite).resolve()
        report(
            f"SQLite ({options.code_dir})",
            run_engine("sqlite", f"sqlite:///{sqlite_file}", sqlite_file, options),
        )
    if "postgres" in engines and options.postgres:
        report(
            f"PostgreSQL ({options.code_dir})",
            run_engine("postgres", options.postgres, None, options),
        )
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
