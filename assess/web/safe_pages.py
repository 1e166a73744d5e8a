"""Bidi and zero-width characters isolated on every workspace page, as they are in reports (docs/text-safety.md).

A title, a name, a capacity or a note holding a right-to-left override (U+202E) would reverse the words printed
after it. So every value a workspace template prints goes through `isolate_in_forms` (Jinja's `finalize`, for
every template at once rather than field by field: the reports' `isolate`, less its marking of control
characters), and every page rendered goes through `place_isolates`: in running text the value is wrapped in
<bdi> with U+2068 ... U+2069; in <title> its controls are made visible. In a form's attributes and in a
<textarea> the characters are left as they are: that is what the form sends back, and a visible mark there
would be saved in their place.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, Template

from assess.rendering.isolation import isolate_in_forms, place_isolates


class _IsolatingTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        return place_isolates(super().render(*args, **kwargs), editable=True)


def isolate_values(env: Environment) -> None:
    """Install the policy on the workspace's environment, before any template is compiled."""
    env.finalize = isolate_in_forms
    env.template_class = _IsolatingTemplate
