"""Widgets that look alike share one layout and one style model.

Every model of a warm kernel's views travels to each browser that joins, and
the kernel turns each into JSON for each of them: by default ipywidgets gives
every HTML, label and button a layout and a style model of its own, which made
the participant's views 237 models where 151 do (`opsporing.widgets.shared`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

import ipywidgets as widgets

from opsporing import content, views
from opsporing.pages.session import Session


def _all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    found: dict[str, widgets.Widget] = {}

    def walk(w: widgets.Widget) -> None:
        if w.model_id in found:
            return
        found[w.model_id] = w
        for name in w.keys:
            value = getattr(w, name)
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, widgets.Widget):
                    walk(item)

    walk(root)
    return list(found.values())


def test_alike_widgets_of_every_view_share_their_layout_and_style(
    session_with: Callable[..., Session], shipped: content.Content
) -> None:
    """Built for nobody, as a warm kernel builds them, on the shipped content."""
    models: dict[tuple[str, str], set[str]] = defaultdict(set)
    owners: dict[str, list[str]] = defaultdict(list)
    for spec in views.VIEWS:
        for w in _all_widgets(spec.build(session_with(None, loaded=shipped))):
            if isinstance(w, widgets.Layout | widgets.Style):
                alike = json.dumps(w.get_state(), sort_keys=True, default=str)
                models[(type(w).__name__, alike)].add(w.model_id)
            for part in ("layout", "style"):
                sub = getattr(w, part, None)
                if isinstance(sub, widgets.Widget):
                    owners[sub.model_id].append(f"{spec.id}: {type(w).__name__}")
    twice = {
        kind: sorted(owner for model in ids for owner in owners[model])
        for (kind, _state), ids in models.items()
        if len(ids) > 1
    }
    assert not twice, f"alike models made more than once, by: {twice}"
