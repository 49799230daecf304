"""Which statements advance the data version (lll.core.dataversion): every write to a table that
can show on a page, whether the ORM, a bulk write or raw SQL sent it; not sessions, login
throttling or the task queue."""

import pytest

from lll.core.dataversion import is_data_write


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "indicators_observation" ("value") VALUES (%s)',
        'UPDATE "indicators_indicator" SET "published" = false',
        'DELETE FROM "territory_unit" WHERE "id" = 1',
        "UPDATE indicators_observation AS o SET value = s.value FROM stage s",
        'INSERT OR IGNORE INTO "indicators_observation" ("value") VALUES (1)',
        'TRUNCATE "indicators_observation", "territory_unit";',
        "  insert into some_table values (1)",
        "REPLACE INTO x VALUES (1)",
    ],
)
def test_writes_to_data_advance_the_version(sql):
    assert is_data_write(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "token" FROM "core_dataversion"',
        'UPDATE "django_session" SET "expire_date" = %s',
        'INSERT INTO "axes_accessattempt" ("username") VALUES (%s)',
        'UPDATE "django_tasks_database_dbtaskresult" SET "status" = %s',
        'UPDATE "core_dataversion" SET "token" = %s',
        "SAVEPOINT s1",
        "CREATE TABLE x (id int)",
    ],
)
def test_reads_and_bookkeeping_do_not(sql):
    assert not is_data_write(sql)
