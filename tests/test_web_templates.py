"""Under the tests a workspace template fails on a name its route did not give it (`strict_templates`), so a
missing variable fails a test; a served workspace keeps Jinja's default and prints nothing for it."""

from __future__ import annotations

import secrets
from pathlib import Path

import jinja2
import pytest

from assess.web.app import create_app
from assess.web.config import WebConfig


@pytest.mark.parametrize("strict", [True, False])
def test_a_name_a_template_was_not_given_fails_only_under_strict_templates(tmp_path: Path, strict: bool) -> None:
    config = WebConfig(data_dir=tmp_path, database_url=f"sqlite+pysqlite:///{tmp_path / 'w.db'}",
                       secret_key=secrets.token_urlsafe(32), strict_templates=strict)
    application = create_app(config, run_migrations=False)
    try:
        template = application.state.templates.env.from_string("[{{ given }}|{{ never_given }}]")
        if strict:
            with pytest.raises(jinja2.UndefinedError, match="never_given"):
                template.render(given="here")
        else:
            assert template.render(given="here") == "[here|]"
    finally:
        application.state.builder.shutdown()
        application.state.engine.dispose()


def test_served_workspaces_keep_the_forgiving_default(tmp_path: Path) -> None:
    assert WebConfig(data_dir=tmp_path, database_url="sqlite://", secret_key="k").strict_templates is False
