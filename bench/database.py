"""The benchmarks' own PostgreSQL databases, created on first use."""

from __future__ import annotations


def database_ensure(url: str, *, skip_message: str = "") -> bool:
    """Create the PostgreSQL database ``url`` names when it is missing. For any other database
    it returns False, printing ``skip_message`` when the benchmark needs PostgreSQL (SQLite
    creates its own file)."""
    if not url.startswith(("postgres://", "postgresql://")):
        if skip_message:
            print(skip_message)
        return False
    import psycopg2

    base, _sep, name = url.rpartition("/")
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return True
