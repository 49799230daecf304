"""The backup and restore commands of docs/operations.md, run as written (issue 19).

Each block marked `<!-- block: NAME -->` is run by bash in a scratch checkout folder: a database
with rows and an uploaded file is backed up, then changed (a row deleted, a row added, the file
removed), then restored; the rows and the file are as they were at the backup.
"""

import os
import re
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"
POSTGRES = os.environ.get("LLL_BACKUP_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def block(name: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- block: {name} -->\s*```sh\n(.*?)```", text, re.S)
    assert found, f"docs/operations.md has no block {name}"
    return found.group(1)


def run(script: str, folder: Path, **environment: str) -> None:
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=folder,
        env={**os.environ, **environment},
        check=True,
        capture_output=True,
    )


def media(folder: Path) -> None:
    (folder / "var" / "media" / "imports").mkdir(parents=True)
    (folder / "var" / "media" / "imports" / "plik.csv").write_text("Kod;Wartość\n02;1\n")


def changed_media(folder: Path) -> None:
    (folder / "var" / "media" / "imports" / "plik.csv").unlink()


def test_sqlite_backup_and_restore_as_documented(tmp_path):
    media(tmp_path)
    database = tmp_path / "var" / "lll.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        connection.executemany("INSERT INTO t (name) VALUES (?)", [("Łomża",), ("Suwałki",)])
    stamp = "2026-12-04"
    run(block("sqlite-backup").replace("$(date +%F)", stamp), tmp_path)
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM t WHERE name = 'Łomża'")
        connection.execute("INSERT INTO t (name) VALUES ('po kopii')")
    changed_media(tmp_path)
    run(block("sqlite-restore"), tmp_path, STAMP=stamp)
    with sqlite3.connect(database) as connection:
        rows = [name for (name,) in connection.execute("SELECT name FROM t ORDER BY id")]
    assert rows == ["Łomża", "Suwałki"]
    assert (tmp_path / "var" / "media" / "imports" / "plik.csv").exists()


def _postgres_reachable() -> bool:
    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


@pytest.mark.skipif(not _postgres_reachable(), reason="no PostgreSQL server to try it on")
def test_postgresql_backup_and_restore_as_documented(tmp_path):
    media(tmp_path)
    name = f"lll_backup_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE TABLE t (id serial PRIMARY KEY, name text)")
            connection.execute("INSERT INTO t (name) VALUES ('Łomża'), ('Suwałki')")
        stamp = "2026-12-04"
        run(block("postgresql-backup").replace("$(date +%F)", stamp), tmp_path, DATABASE_URL=url)
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("DELETE FROM t WHERE name = 'Łomża'")
            connection.execute("INSERT INTO t (name) VALUES ('po kopii')")
        changed_media(tmp_path)
        run(block("postgresql-restore"), tmp_path, DATABASE_URL=url, STAMP=stamp)
        with psycopg.connect(url) as connection:
            rows = [r[0] for r in connection.execute("SELECT name FROM t ORDER BY id")]
        assert rows == ["Łomża", "Suwałki"]
        assert (tmp_path / "var" / "media" / "imports" / "plik.csv").exists()
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
