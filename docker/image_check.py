"""`make image-check`: the production image's steps, replayed without a container engine.

What the Dockerfile does, in the same order and with the same scripts: the build context as
.dockerignore leaves it, a clean virtualenv holding only the wheels of requirements.txt (no
development package), the build step (docker/build.sh), the release step (`manage.py migrate`,
as README's "Production image" documents it) against a fresh database, then the start command
(docker/start.sh) with only the variables the README lists as required, and the image's own
HEALTHCHECK (docker/healthcheck.py). It fails unless /healthz answers 200.

The database: a new one on IMAGE_CHECK_DATABASE_URL's server (default the machine's PostgreSQL at
127.0.0.1:5432), dropped at the end.
"""

from __future__ import annotations

import fnmatch
import os
import secrets
import shutil
import socket
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("IMAGE_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# What README's "Production image" says the container needs, and nothing else.
REQUIRED = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "DATABASE_URL")
WAIT_SECONDS = 60


def say(message: str) -> None:
    print(f"[image-check] {message}", flush=True)


def run(argv: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    say(" ".join(argv))
    subprocess.run(argv, cwd=cwd, env=env, check=True)  # noqa: S603  # nosec B603 - our own commands


def ignored(path: str, patterns: list[str]) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(fnmatch.fnmatch(prefix, pattern) for pattern in patterns for prefix in prefixes) or any(
        pattern.startswith("**/") and fnmatch.fnmatch(part, pattern[3:]) for pattern in patterns for part in parts
    )


def build_context(destination: Path) -> None:
    """The files `COPY . .` sends: the repository's, less what .dockerignore names."""
    patterns = [
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and line[0] != "#"
    ]
    listed = subprocess.run(  # nosec B603 B607
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if ignored(name, patterns) or not source.is_file():
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="gymtracker-image-"))
    app, venv, wheels = work / "app", work / "venv", work / "wheels"
    database = f"gymtracker_image_check_{os.getpid()}"
    server: subprocess.Popen[bytes] | None = None
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        say(f"build context in {app}")
        build_context(app)
        # Stage one and the install of stage two: wheels of requirements.txt, then only those.
        run([sys.executable, "-m", "venv", str(venv)], cwd=work, env=dict(os.environ))
        base = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(work), "LANG": "C.UTF-8"}
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
        run([*pip, "wheel", "--no-cache-dir", "--wheel-dir", str(wheels), "-r", "requirements.txt"], cwd=app, env=base)
        install = ["install", "--no-cache-dir", "--no-index", "--find-links", str(wheels), "-r", "requirements.txt"]
        run([*pip, *install], cwd=app, env=base)
        image_env = base | {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "PORT": str(free_port())}
        run(["sh", "docker/build.sh"], cwd=app, env=image_env)

        url = psycopg.conninfo.conninfo_to_dict(SERVER)
        user, host, port = url.get("user", "postgres"), url.get("host", "127.0.0.1"), url.get("port", 5432)
        database_url = f"postgres://{user}@{host}:{port}/{database}"
        required = {
            "SECRET_KEY": secrets.token_urlsafe(32),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url,
        }
        assert set(required) == set(REQUIRED)
        runtime = image_env | required
        run(["python", "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=app, env=runtime)

        say(f"start: sh docker/start.sh on port {runtime['PORT']}")
        server = subprocess.Popen(["sh", "docker/start.sh"], cwd=app, env=runtime)  # noqa: S607  # nosec
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                say(f"the start command ended with status {server.returncode}")
                return 1
            check = subprocess.run(["python", "docker/healthcheck.py"], cwd=app, env=runtime, check=False)  # noqa: S607  # nosec
            if check.returncode == 0:
                say("HEALTHCHECK: /healthz answered 200")
                return 0
            time.sleep(1)
        say(f"/healthz did not answer 200 within {WAIT_SECONDS} s")
        return 1
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
