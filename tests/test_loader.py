"""Loading a month into a real DuckDB file: atomic replacement, audit, rejects, refusals."""

import shutil
from pathlib import Path

import pytest

from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import MonthRefused, load_month
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.warehouse import connect
from tests.conftest import TEST_KEY

P = Pseudonymiser(TEST_KEY)


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    generate(root, SynthConfig(persons=400, centres=3, first_month="2025-01", last_month="2025-02", seed=7))
    return root


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def raw_counts(con, month):
    return {
        t: con.execute(f"select count(*) from raw.{t} where delivery_month = ?", [month]).fetchone()[0]
        for t in ("listning", "vardkontakter", "diagnoser_atgarder", "telefoni")
    }


def test_every_file_read_equals_loaded_plus_rejected(con, landing):
    result = load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    rows = con.execute("select file, rows_read, rows_loaded, rows_rejected from audit.file_loads").fetchall()
    assert len(rows) == 8
    for file, read, loaded, rejected in rows:
        assert read == loaded + rejected, file
        assert read == result.files[file].rows_read
    listed = con.execute("select count(*) from raw.listning").fetchone()[0]
    assert listed == result.files["listning.csv"].rows_loaded > 300


def test_loading_a_month_again_replaces_it(con, landing):
    delivery = Delivery("2025-01", landing / "2025-01")
    load_month(con, delivery, P)
    before = raw_counts(con, "2025-01")
    load_month(con, delivery, P)
    assert raw_counts(con, "2025-01") == before
    assert con.execute("select count(distinct load_id) from audit.file_loads").fetchone()[0] == 2


def test_a_redelivered_month_with_fewer_rows_replaces_the_old_rows(con, landing, tmp_path):
    load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    smaller = tmp_path / "2025-01"
    shutil.copytree(landing / "2025-01", smaller)
    lines = (smaller / "telefoni.csv").read_bytes().splitlines(keepends=True)
    (smaller / "telefoni.csv").write_bytes(b"".join(lines[:11]))
    load_month(con, Delivery("2025-01", smaller), P)
    assert con.execute("select count(*) from raw.telefoni where delivery_month='2025-01'").fetchone()[0] == 10


def test_month_missing_a_file_is_refused_and_nothing_changes(con, landing, tmp_path):
    load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    before = raw_counts(con, "2025-01")
    partial = tmp_path / "2025-01"
    shutil.copytree(landing / "2025-01", partial)
    (partial / "lakemedel.csv").unlink()
    (partial / "listning.csv").write_text("Personnummer;Kon\n")  # would also be refused
    with pytest.raises(MonthRefused, match="missing lakemedel.csv"):
        load_month(con, Delivery("2025-01", partial), P)
    assert raw_counts(con, "2025-01") == before
    refused = con.execute("select file, message from audit.file_loads where status = 'refused'").fetchall()
    assert ("lakemedel.csv", "missing file") in refused


def test_a_refused_file_leaves_the_month_as_it_was(con, landing, tmp_path):
    load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    before = raw_counts(con, "2025-01")
    broken = tmp_path / "2025-01"
    shutil.copytree(landing / "2025-01", broken)
    text = (broken / "telefoni.csv").read_bytes().replace(b";Utfall;", b";Outcome;")
    (broken / "telefoni.csv").write_bytes(text)
    with pytest.raises(MonthRefused, match="telefoni.csv: required column missing from the header: Utfall"):
        load_month(con, Delivery("2025-01", broken), P)
    assert raw_counts(con, "2025-01") == before


def test_orphan_code_rows_are_rejected(con, landing, tmp_path):
    month = tmp_path / "2025-01"
    shutil.copytree(landing / "2025-01", month)
    with open(month / "diagnoser_atgarder.csv", "a", encoding="utf-8") as f:
        f.write("NO_SUCH_CONTACT;DIA;J06.9;1\n")
    result = load_month(con, Delivery("2025-01", month), P)
    codes = result.files["diagnoser_atgarder.csv"]
    assert codes.rows_rejected == 1 and codes.rows_read == codes.rows_loaded + 1
    (reason,) = con.execute("select reason from audit.rejects where file = 'diagnoser_atgarder.csv'").fetchone()
    assert "orphan" in reason


def test_contact_delivered_again_in_a_later_month_replaces_the_earlier(con, landing, tmp_path):
    load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    feb = tmp_path / "2025-02"
    shutil.copytree(landing / "2025-02", feb)
    first_line = (landing / "2025-01" / "vardkontakter.csv").read_text(encoding="utf-8").splitlines()[1]
    with open(feb / "vardkontakter.csv", "a", encoding="utf-8") as f:
        f.write(first_line + "\n")
    load_month(con, Delivery("2025-02", feb), P)
    contact_id = first_line.split(";")[0]
    months = con.execute(
        "select delivery_month from raw.vardkontakter where KontaktID = ? order by 1", [contact_id]
    ).fetchall()
    assert months == [("2025-01",), ("2025-02",)]  # raw keeps both deliveries; staging keeps the latest


def test_a_month_under_another_pseudonym_key_is_refused_and_nothing_changes(con, landing):
    load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    before = raw_counts(con, "2025-01")
    with pytest.raises(MonthRefused, match="BASPAKET_PSEUDONYM_KEY.* is not the one this warehouse was built with"):
        load_month(con, Delivery("2025-02", landing / "2025-02"), Pseudonymiser("another-key-0123456789abcdef"))
    assert raw_counts(con, "2025-01") == before
    assert raw_counts(con, "2025-02") == dict.fromkeys(before, 0)
    refused = con.execute("select count(*) from audit.file_loads where month = '2025-02' and status = 'refused'")
    assert refused.fetchone()[0] == 8
    (check,) = con.execute("select key_check from audit.pseudonym_key").fetchone()
    assert check == P.key_check() and TEST_KEY not in check  # the check value, never the key
    load_month(con, Delivery("2025-02", landing / "2025-02"), P)  # the warehouse's key loads it
    assert raw_counts(con, "2025-02")["listning"] > 300


def test_a_warehouse_with_64_character_pseudonyms_is_shortened_to_the_pseudonyms_of_now(
    con, landing, tmp_path, monkeypatch
):
    """A warehouse made before PSEUDONYM_BYTES: its raw tables and dbt's tables hold the whole
    HMAC in hex. Its first load after the upgrade shortens them once, so that the month it loads
    joins the persons of the months before, exactly as a warehouse loaded from scratch now."""
    from baspaket.ingest import pseudonym, upgrades

    with monkeypatch.context() as old_version:  # what the earlier version wrote: the whole HMAC
        old_version.setattr(pseudonym, "shortened_sql", lambda hmac_hex: hmac_hex)
        load_month(con, Delivery("2025-01", landing / "2025-01"), P)
    con.execute("delete from audit.upgrades")  # it had none
    con.execute("create schema staging")  # a table of dbt's, made from the raw rows
    con.execute("create table staging.persons as select person_pseudonym as person_id from raw.listning")
    assert con.execute("select min(length(person_pseudonym)) from raw.listning").fetchone()[0] == 64

    load_month(con, Delivery("2025-02", landing / "2025-02"), P)

    now = connect(tmp_path / "now.duckdb")  # the same two months loaded by this version
    for month in ("2025-01", "2025-02"):
        load_month(now, Delivery(month, landing / month), P)
    for table in ("listning", "vardkontakter", "lakemedel"):
        query = f"select delivery_month, source_row, person_pseudonym from raw.{table} order by all"
        assert con.execute(query).fetchall() == now.execute(query).fetchall(), table
    now.close()
    shortened = con.execute("select count(*) from staging.persons where length(person_id) = 12").fetchone()[0]
    assert shortened == con.execute("select count(*) from staging.persons").fetchone()[0] > 300
    assert upgrades.done(con, upgrades.SHORT_PSEUDONYMS)
    assert upgrades.shorten_stored_pseudonyms(con) == 0  # once
