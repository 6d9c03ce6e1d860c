"""What a screen reader is told about each kind of question (Chromium's accessibility tree).

For the first question of every kind on the film page, answered by the
`answered_participant` fixture: the question is a group named by the question,
every option is a radio button or a checkbox named by its label and marked
checked when chosen, the free text is a text box named by the question, and
the save status sits in a status region.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from voila_pages import open_every_film, open_page, sign_in, wait_interactive

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.widgets import FIELD_FOR_KIND
from opsporing.widgets.base import dom_key

pytestmark = pytest.mark.browser


def first_of_each_kind(shipped: Any) -> dict[QuestionKind, Any]:
    found: dict[QuestionKind, Any] = {}
    for ref in shipped.questions():
        if ref.key.split("/")[0] in {f.id for f in shipped.films}:
            found.setdefault(ref.question.kind, ref)
    assert set(found) == set(QuestionKind), "the film page should hold every kind"
    return found


def plain(line: str) -> str:
    """A snapshot line without YAML's quoting (`- 'radio "Gul: bekymring"'`) or its colon."""
    line = line.strip().rstrip(":")
    return re.sub(r"^- '(.*)'$", r"- \1", line)


def expected_snapshot(ref: Any, answer: Any) -> list[str]:
    """The lines of Playwright's ARIA snapshot that a person must be able to hear."""
    q = ref.question
    lines = [f'- group "{q.text}"']
    if q.kind is QuestionKind.FREE_TEXT:
        lines.append(f'- textbox "{q.text}"')
        lines.append(f"- text: {answer}")
        lines.append(f'- checkbox "{texts.QUESTION_SHARE}" [checked]')
    else:
        spec = FIELD_FOR_KIND[q.kind](ref.key, q, lambda *_: None).drawing()["spec"]
        chosen = answer if isinstance(answer, list) else [answer]
        role = "checkbox" if spec["multiple"] else "radio"
        for option in spec["options"]:
            mark = " [checked]" if option["value"] in chosen else ""
            lines.append(f'- {role} "{option["label"]}"{mark}')
    lines.append(f"- status: {texts.QUESTION_SAVED}")
    return lines


def test_every_kind_is_a_named_group_with_labelled_options_and_a_status(
    browser_context: Any,
    opsporing_server: Any,
    answered_participant: Any,
    served_store: Any,
    shipped: Any,
) -> None:
    stored = served_store.answers(answered_participant.id)
    sign_in(browser_context, opsporing_server, served_store, answered_participant)
    page = open_page(browser_context, opsporing_server.page_url("01_temafilm.ipynb"))
    wait_interactive(page)
    expect(page.locator(".opsporing-identity")).to_contain_text(answered_participant.pseudonym)
    open_every_film(page)
    for kind, ref in first_of_each_kind(shipped).items():
        group = page.locator(f"fieldset.{dom_key(ref.key)}")
        snapshot = [plain(line) for line in group.aria_snapshot().splitlines()]
        answer = stored[ref.key].value
        for line in expected_snapshot(ref, answer):
            assert line in snapshot, f"{kind.value}: {line!r} not in\n" + "\n".join(snapshot)
        if ref.question.help:
            described = group.get_attribute("aria-describedby") or ""
            assert described and page.locator(f"#{described.split()[-1]}").inner_text()
