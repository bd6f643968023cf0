"""flask people import FILE.csv sets leads' addresses, all rows or none."""

from sqlalchemy import func, select

from tests.factories import make_person
from tests.reminders.conftest import TUESDAY, children_plan, send
from tracker.extensions import db
from tracker.models import Person


def write_csv(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def people() -> dict[str, str | None]:
    rows = db.session.execute(select(Person.name, Person.email).order_by(Person.id)).all()
    db.session.commit()
    return {name: email for name, email in rows}


def test_names_are_matched_ignoring_case_and_spacing_and_unknown_names_are_added(
    app, runner, tmp_path
):
    make_person("Howard Woolfenden", "old@example.org")
    make_person("Deb Johnson")
    make_person("Warren Carratt", "warren@example.org")
    db.session.commit()
    path = write_csv(
        tmp_path,
        "NAME,E-mail\n"
        "  howard   WOOLFENDEN ,howard@example.org\n"
        "deb johnson,Deb@Example.ORG\n"
        "Warren Carratt,warren@example.org\n"
        "\n"
        "Rebecca Wragg,rebecca@example.org\n",
    )

    result = runner.invoke(args=["people", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Added 1, updated 2, unchanged 1."
    assert people() == {
        "Howard Woolfenden": "howard@example.org",
        "Deb Johnson": "Deb@example.org",
        "Warren Carratt": "warren@example.org",
        "Rebecca Wragg": "rebecca@example.org",
    }


def test_a_bad_address_is_reported_with_its_row_and_nothing_is_written(app, runner, tmp_path):
    make_person("Howard Woolfenden")
    db.session.commit()
    path = write_csv(
        tmp_path,
        "Name,Email\n"
        "Howard Woolfenden,howard@example.org\n"
        "Deb Johnson,deb at example.org\n"
        "New Person,new@example.org\n"
        ",nobody@example.org\n"
        "Warren Carratt,warren@localhost\n",
    )

    result = runner.invoke(args=["people", "import", str(path)])

    assert result.exit_code == 1
    assert "Row 3: 'deb at example.org' is not a usable email address" in result.output
    assert "Row 5: the Name is blank." in result.output
    assert "Row 6: 'warren@localhost' is not a usable email address" in result.output
    assert "Row 2" not in result.output
    assert "Nothing was written." in result.output
    assert people() == {"Howard Woolfenden": None}


def test_a_file_without_name_and_email_columns_is_refused(app, runner, tmp_path):
    path = write_csv(tmp_path, "Lead,Address\nHoward Woolfenden,howard@example.org\n")

    result = runner.invoke(args=["people", "import", str(path)])

    assert result.exit_code == 1
    assert "must name the columns Name and Email" in result.output
    assert "Lead, Address" in result.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_file_that_is_not_utf8_is_refused(app, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("Name,Email\nJosé,jose@example.org\n".encode("latin-1"))

    result = runner.invoke(args=["people", "import", str(path)])

    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_an_imported_address_makes_an_unreachable_lead_reachable(
    app, runner, tmp_path, smtp_server
):
    children_plan()
    assert [p["name"] for p in send(runner, TUESDAY)["unreachable"]] == ["Deb Johnson"]
    path = write_csv(tmp_path, "Name,Email\nDeb Johnson,deb@example.org\n")

    assert runner.invoke(args=["people", "import", str(path)]).exit_code == 0
    summary = send(runner, TUESDAY)

    assert summary["unreachable"] == []
    assert summary["sent"] == 1
    assert "deb@example.org" in smtp_server.by_recipient()
