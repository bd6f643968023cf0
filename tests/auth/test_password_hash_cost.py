"""Production hashes passwords at scrypt's full cost; tests hash cheaply and still verify both."""

from werkzeug.security import generate_password_hash

from tests.conftest import TestConfig
from tests.factories import PASSWORD, make_user
from tracker import clock
from tracker.config import Config
from tracker.extensions import db
from tracker.services import accounts

PRODUCTION_COST = "scrypt:32768:8:1$"


def test_production_hashes_new_passwords_at_werkzeugs_full_scrypt_cost(app) -> None:
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    app.config["PASSWORD_HASH_METHOD"] = Config.PASSWORD_HASH_METHOD

    assert accounts.hash_password(PASSWORD).startswith(PRODUCTION_COST)


def test_tests_hash_cheaply_and_still_accept_a_hash_made_at_the_production_cost(app) -> None:
    assert TestConfig.PASSWORD_HASH_METHOD != Config.PASSWORD_HASH_METHOD
    user = make_user(email="lead@example.org")
    assert user.password_hash.startswith(f"{TestConfig.PASSWORD_HASH_METHOD}$")
    user.password_hash = generate_password_hash(PASSWORD, method=Config.PASSWORD_HASH_METHOD)
    db.session.commit()

    assert user.password_hash.startswith(PRODUCTION_COST)
    assert accounts.authenticate("lead@example.org", PASSWORD, now=clock.now()) is user
    assert accounts.authenticate("lead@example.org", "not the password", now=clock.now()) is None
