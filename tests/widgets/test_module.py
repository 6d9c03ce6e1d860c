"""The kit's anywidgets carry their module as before, without a class of their own per widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsporing import views
from opsporing.widgets import Part, QuestionBlock, question_field
from opsporing.widgets.connection import ConnectionGuard
from opsporing.widgets.form import Form
from opsporing.widgets.module import KitWidget
from opsporing.widgets.navigator import Navigator
from opsporing.widgets.projector import ArrowKeys

from .conftest import question

WIDGETS = Path(views.__file__).parent / "widgets"


MADE = {
    "question.js": lambda: QuestionBlock(
        [Part([question_field("x/y", question("handling"), lambda *_: None)])]
    ),
    "navigator.js": lambda: Navigator(views.VIEWS, {"vis": "start"}, address=True),
    "form.js": lambda: Form([], [], lambda *_: None),
    "projector_keys.js": ArrowKeys,
    "connection.js": lambda: ConnectionGuard(lambda *_: None),
}
"""One of each of the kit's anywidgets, by the file its module comes from."""
CLASSES = {
    "question.js": QuestionBlock,
    "navigator.js": Navigator,
    "form.js": Form,
    "projector_keys.js": ArrowKeys,
    "connection.js": ConnectionGuard,
}


@pytest.mark.parametrize("js", MADE)
def test_a_widget_sends_its_module_and_is_an_instance_of_its_own_class(js: str) -> None:
    widget = MADE[js]()
    state = widget.get_state()
    assert state["_esm"] == (WIDGETS / js).read_text(encoding="utf-8")
    assert state["_model_module"] == "anywidget" and state["_anywidget_id"]
    # anywidget's own `add_traits` would have made a new class for this one widget.
    assert type(widget) is CLASSES[js] and issubclass(CLASSES[js], KitWidget)


def test_two_blocks_share_one_class() -> None:
    one, two = (
        QuestionBlock([Part([question_field(f"x/{n}", question("skala"), lambda *_: None)])])
        for n in (1, 2)
    )
    assert type(one) is type(two) is QuestionBlock
