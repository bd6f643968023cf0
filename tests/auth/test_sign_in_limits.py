"""Sign-in limits per account and address, per account, and per attacking address."""

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.auth.test_sign_in import post_sign_in
from tests.conftest import make_config
from tests.factories import PASSWORD, make_user
from tracker import clock, create_app
from tracker.config import ConfigError
from tracker.domain.enums import Role
from tracker.domain.sign_in_limits import (
    ATTACKING_ADDRESS_ACCOUNTS,
    PER_ACCOUNT,
    PER_ACCOUNT_AND_ADDRESS,
)
from tracker.extensions import db
from tracker.models import RateLimitEvent
from tracker.services import accounts

OFFICE = "192.0.2.9"


@pytest.fixture
def admin(app):
    user = make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    return user


def add_failures(count, *, ago, account="admin@example.org", address=OFFICE, kind="sign-in"):
    at = clock.now() - ago
    db.session.add_all(
        RateLimitEvent(kind=kind, account=account, address=address, occurred_at=at)
        for _ in range(count)
    )
    db.session.commit()


def failures_recorded() -> int:
    return db.session.scalar(select(func.count(RateLimitEvent.id)))


def test_failures_for_made_up_accounts_do_not_lock_out_a_correct_password(client, admin):
    for number in range(ATTACKING_ADDRESS_ACCOUNTS - 1):
        post_sign_in(client, f"guess{number}@example.org", "wrong", address=OFFICE)
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 302


def test_an_address_failing_for_many_different_accounts_is_refused(client, admin):
    for number in range(ATTACKING_ADDRESS_ACCOUNTS):
        response = post_sign_in(client, f"guess{number}@example.org", "wrong", address=OFFICE)
        assert response.status_code == 422
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 429
    other = client.application.test_client()
    assert (
        post_sign_in(other, "admin@example.org", PASSWORD, address="192.0.2.10").status_code == 302
    )


def test_many_failures_for_one_account_do_not_make_the_address_attacking(client, admin):
    for _ in range(PER_ACCOUNT_AND_ADDRESS.free_failures):
        post_sign_in(client, "lead@example.org", "wrong", address=OFFICE)
    assert post_sign_in(client, "lead@example.org", "wrong", address=OFFICE).status_code == 429
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 302


def test_one_account_failing_at_one_address_is_refused_there_only(client, admin):
    for _ in range(PER_ACCOUNT_AND_ADDRESS.free_failures):
        assert post_sign_in(client, "admin@example.org", "wrong", address=OFFICE).status_code == 422
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 429
    assert post_sign_in(
        client, "admin@example.org", PASSWORD, address="198.51.100.1"
    ).status_code == (302)


@pytest.mark.parametrize(
    ("latest_ago", "status"),
    [
        (timedelta(seconds=50), 429),
        (timedelta(seconds=70), 302),
    ],
)
def test_after_the_free_failures_the_first_wait_is_a_minute(client, admin, latest_ago, status):
    add_failures(PER_ACCOUNT_AND_ADDRESS.free_failures, ago=latest_ago)
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == status


@pytest.mark.parametrize(
    ("further_failures", "latest_ago", "status"),
    [
        (1, timedelta(seconds=110), 429),
        (1, timedelta(seconds=130), 302),
        (3, timedelta(minutes=7), 429),
        (3, timedelta(minutes=9), 302),
        (9, timedelta(minutes=59), 429),
        (9, timedelta(minutes=61), 302),
    ],
)
def test_each_further_failure_doubles_the_wait_up_to_an_hour(
    client, admin, further_failures, latest_ago, status
):
    add_failures(PER_ACCOUNT_AND_ADDRESS.free_failures, ago=timedelta(hours=3))
    add_failures(further_failures, ago=latest_ago)
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == status


def test_failures_older_than_a_day_are_forgotten(client, admin):
    add_failures(PER_ACCOUNT.free_failures + 5, ago=timedelta(hours=25))
    add_failures(PER_ACCOUNT_AND_ADDRESS.free_failures - 1, ago=timedelta(seconds=5))
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 302


def test_an_attempt_deletes_failures_older_than_a_day_whoever_they_were_for(client, admin):
    add_failures(5, ago=timedelta(hours=25), account="gone@example.org", address="10.7.7.7")
    add_failures(2, ago=timedelta(hours=23), account="kept@example.org", address="10.7.7.7")
    post_sign_in(client, "admin@example.org", "wrong", address=OFFICE)
    assert failures_recorded() == 3


def test_a_correct_password_clears_that_address_failures_but_not_others(client, admin):
    add_failures(PER_ACCOUNT_AND_ADDRESS.free_failures - 1, ago=timedelta(seconds=5))
    add_failures(3, ago=timedelta(seconds=5), address="203.0.113.66")
    assert post_sign_in(client, "admin@example.org", PASSWORD, address=OFFICE).status_code == 302
    assert failures_recorded() == 3


def test_a_limited_password_change_still_changes_the_password_once_allowed(client, admin, sign_in):
    sign_in(client, admin)
    add_failures(
        PER_ACCOUNT_AND_ADDRESS.free_failures,
        ago=timedelta(minutes=2),
        account=str(admin.id),
        kind="password",
    )
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
        environ_base={"REMOTE_ADDR": OFFICE},
    )
    assert response.status_code == 302
    assert failures_recorded() == 0


def test_sign_in_failures_do_not_limit_password_changes(client, admin, sign_in):
    add_failures(PER_ACCOUNT.free_failures, ago=timedelta(seconds=5), account=str(admin.id))
    sign_in(client, admin)
    response = client.post(
        "/auth/password",
        data={
            "current_password": "not my password",
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
        environ_base={"REMOTE_ADDR": OFFICE},
    )
    assert response.status_code == 422


@pytest.mark.parametrize(("proxies", "expected_address"), [(0, "10.0.0.1"), (1, "198.51.100.7")])
def test_client_address_comes_from_x_forwarded_for_only_when_proxies_are_configured(
    database_url, caplog, proxies, expected_address
):
    app = create_app(make_config(database_url, TRACKER_PROXIES=proxies))
    with app.app_context(), caplog.at_level(logging.WARNING, logger="tracker"):
        response = app.test_client().post(
            "/auth/sign-in",
            data={"email": "admin@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": "203.0.113.250, 198.51.100.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        assert response.status_code == 422
        assert db.session.scalars(select(RateLimitEvent.address)).all() == [expected_address]
        db.session.remove()
        db.engine.dispose()
    assert f"Failed sign-in: email 'admin@example.org' from {expected_address}" in caplog.text


@pytest.mark.parametrize("value", ["one", "-1", "1.5", ""])
def test_a_proxy_count_that_is_not_a_whole_number_stops_the_app_with_a_message(database_url, value):
    with pytest.raises(ConfigError, match="TRACKER_PROXIES must be the number of trusted proxies"):
        create_app(make_config(database_url, TRACKER_PROXIES=value))


def test_two_trusted_proxies_take_the_second_address_from_the_right(database_url):
    app = create_app(make_config(database_url, TRACKER_PROXIES=2))
    with app.app_context():
        app.test_client().post(
            "/auth/sign-in",
            data={"email": "admin@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": "203.0.113.250, 198.51.100.7, 10.1.1.1"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        assert db.session.scalars(select(RateLimitEvent.address)).all() == ["198.51.100.7"]
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("scenario", "expected_checks"),
    [
        ("one account from one address", PER_ACCOUNT_AND_ADDRESS.free_failures),
        ("one account from forty addresses", PER_ACCOUNT.free_failures),
        ("forty accounts from one address", ATTACKING_ADDRESS_ACCOUNTS),
    ],
)
def test_forty_concurrent_wrong_passwords_let_exactly_the_limit_reach_the_password_check(
    app, admin, monkeypatch, scenario, expected_checks
):
    attempts = 40
    checks = []
    real_check = accounts.check_password_hash

    def counted_check(password_hash, password):
        checks.append(password)
        return real_check(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counted_check)
    start = threading.Barrier(attempts)
    statuses = []

    def attempt(number):
        email = (
            "admin@example.org"
            if scenario != "forty accounts from one address"
            else (f"guess{number}@example.org")
        )
        address = f"10.9.0.{number}" if scenario == "one account from forty addresses" else OFFICE
        client = app.test_client()
        start.wait()
        statuses.append(post_sign_in(client, email, "wrong", address=address).status_code)

    threads = [threading.Thread(target=attempt, args=(number,)) for number in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checks) == expected_checks
    assert sorted(statuses) == [422] * expected_checks + [429] * (attempts - expected_checks)
    assert failures_recorded() == expected_checks
