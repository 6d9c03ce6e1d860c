"""Page build in the kernel: what a participant waits for after the request arrives.

With preheated kernels the content is loaded before the request; what is left
is `build(session)`: creating the widgets and restoring the participant's
answers from the store. Measured on the shipped content for a participant who
has answered every question, against the same page for a visitor who has not
joined (no store reads, nothing to restore). The note gives the number of
widget models the browser then has to build.
"""

from __future__ import annotations

import tempfile
import time
import warnings

from benchmarks.measure import Row, an_answer, percentile

REPEATS = 7


def _answer_everything(session) -> None:
    """Every question answered and in the store: a participant's saves are paced
    (`opsporing.save_pace`), so those still waiting are written now, not after the
    benchmark has measured and deleted its database."""
    from opsporing.save_pace import flush_pending

    for ref in session.content.questions():
        session.save(ref.key, an_answer(ref.question), False)
    flush_pending()


def _times(build, make_session) -> tuple[list[float], int]:
    import ipywidgets as widgets

    samples = []
    models = 0
    for _ in range(REPEATS):
        session = make_session()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            before = len(widgets.Widget.widgets)
            start = time.perf_counter()
            build(session)
            samples.append(time.perf_counter() - start)
            models = len(widgets.Widget.widgets) - before
    return samples, models


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as data:
        from opsporing import content, paths, store, views
        from opsporing.pages.session import Session

        kit = content.load(paths.REPO_ROOT)
        db = store.Store(f"sqlite:///{data}/bench.sqlite")
        me = db.join("Bench")
        _answer_everything(Session(db, kit, me))
        rows: list[Row] = []

        def open_first_case(session: Session) -> None:
            views.BY_ID["cases"].build(session).open_place({"case": kit.vignettes[0].id})

        pages = [
            ("start view", views.BY_ID["start"].build),
            ("film view", views.BY_ID["temafilm"].build),
            ("cases view, first case opened", open_first_case),
            ("help view", views.BY_ID["hjaelp"].build),
        ]
        for name, build in pages:
            joined, models = _times(build, lambda: Session(db, kit, db.participant(me.id)))
            visitor, _ = _times(build, lambda: Session(db, kit, None))
            rows.append(
                {
                    "name": f"build {name} (all answered vs not joined)",
                    "value": percentile(joined, 50),
                    "baseline": percentile(visitor, 50),
                    "unit": "s",
                    "p50": percentile(joined, 50),
                    "p95": percentile(joined, 95),
                    "note": f"{models} widget models",
                }
            )
        db.engine.dispose()
        return rows


if __name__ == "__main__":
    for row in run():
        print(row)
