"""Passwords are kept as Argon2id hashes at a real cost, with the real hasher (the other web tests make their
accounts at the algorithm's smallest cost: tests/web_support.py's cheap_password_hashing), and a hash made at
a lower cost than today's is made again at today's when its owner next signs in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.orm import Session

from assess.web import accounts
from assess.web.db import make_engine, migrate, session_factory
from tests.web_support import PASSWORD

# OWASP's password storage minimum for Argon2id: 19 MiB of memory, two passes, one lane.
MIN_MEMORY_KIB, MIN_PASSES = 19 * 1024, 2


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'accounts.db'}")
    migrate(engine)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


def cost(stored: str) -> tuple[int, int]:
    found = re.fullmatch(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", stored)
    assert found, stored
    return int(found.group(1)), int(found.group(2))


def test_a_password_is_stored_as_an_argon2id_hash_at_a_real_cost(db: Session) -> None:
    user = accounts.create_user(db, "alice", PASSWORD)
    db.commit()
    memory, passes = cost(user.password_hash)
    assert memory >= MIN_MEMORY_KIB and passes >= MIN_PASSES
    assert PASSWORD not in user.password_hash
    assert accounts.sign_in(db, "alice", PASSWORD).user is user
    assert accounts.sign_in(db, "alice", "a wrong password, long").user is None


def test_a_hash_made_at_a_lower_cost_is_made_again_at_sign_in(db: Session) -> None:
    user = accounts.create_user(db, "bob", PASSWORD)
    user.password_hash = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),)).hash(PASSWORD)
    db.commit()
    assert cost(user.password_hash) == (8, 1)
    assert accounts.sign_in(db, "bob", PASSWORD).user is user
    db.commit()
    memory, passes = cost(user.password_hash)
    assert memory >= MIN_MEMORY_KIB and passes >= MIN_PASSES
