"""The trainer leads the room: "Send holdet hertil", stage locks, and who follows (counts).

Part of the trainer's page, shown once a hold is open (behind its PIN). The
step is written to the store (`Store.send_room`); every following
participant's kernel finds it there within a second (`opsporing.pages.follow`).
Only counts are shown of who follows, never names: the page may be on the
projector.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from opsporing import room_places, store, texts
from opsporing.content import Content
from opsporing.widgets.shared import html, layout, set_shown


class PacePanel(widgets.VBox):
    """Where the room is, where to send it, the locks, and how many follow."""

    def __init__(self, db: store.Store, kit: Content, code: str) -> None:
        self.db, self.kit, self.code = db, kit, code
        self.options = room_places.places(kit)
        self.choice = widgets.Dropdown(
            options=[(option.label, option.key) for option in self.options],
            description=texts.PACE_PLACE,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.choice.add_class("opsporing-pace-place")
        self.lock = widgets.Checkbox(description=texts.PACE_LOCK, indent=False, value=False)
        self.lock.add_class("opsporing-pace-lock")
        self.send_button = self._button(texts.PACE_SEND, "send", self.send_room, primary=True)
        self.next_stage = self._button(texts.PACE_NEXT_STAGE, "next", self.open_next_stage)
        self.unlock = self._button(texts.PACE_UNLOCK, "unlock", self.unlock_all)
        self.where = html("")
        self.counts = html("")
        self.message = html("")
        super().__init__(
            [
                html(f"<h2>{escape(texts.PACE_HEADING)}</h2><p>{escape(texts.PACE_INTRO)}</p>"),
                self.where,
                self.counts,
                self.choice,
                self.lock,
                widgets.HBox([self.send_button, self.next_stage, self.unlock], layout=layout()),
                self.message,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-pace")
        self.step = store.RoomStep(None, {}, -1)
        self.following = (0, 0)
        """(following, at their own pace), for the projector."""
        self.refresh()

    @staticmethod
    def _button(label: str, name: str, action: object, primary: bool = False) -> widgets.Button:
        button = widgets.Button(description=label, button_style="primary" if primary else "")
        button.add_class(f"opsporing-pace-{name}")
        button.layout.width = "auto"
        button.on_click(lambda _button: action())  # type: ignore[operator]
        return button

    # --- the trainer's actions --------------------------------------------------------

    def send_room(self) -> None:
        """Send the room to the chosen place; with the lock ticked, a case stops at its stage."""
        place = room_places.from_key(str(self.choice.value))
        if problem := room_places.problem(self.kit, place):
            self._say(problem, alert=True)
            return
        locks = dict(self.step.locks)
        if self.lock.value and "case" in place:
            locks[place["case"]] = int(place.get("trin", "1"))
        self._move_room(place, locks)

    def open_next_stage(self) -> None:
        """From a case's stage to the next: its lock (if any) moves with the room."""
        place = self.step.place or {}
        if "case" not in place or room_places.problem(self.kit, place):
            return
        number = int(place.get("trin", "1")) + 1
        if number > len(self.kit.vignette(place["case"]).stages):
            return
        locks = dict(self.step.locks)
        if place["case"] in locks:
            locks[place["case"]] = max(locks[place["case"]], number)
        self._move_room({**place, "trin": str(number)}, locks)

    def unlock_all(self) -> None:
        self._move_room(None, {})

    def _move_room(self, place: dict[str, str] | None, locks: dict[str, int]) -> None:
        try:
            self.step = self.db.send_room(self.code, place, locks)
        except store.StoreError as error:
            self._say(str(error), alert=True)
            return
        if place is not None:
            name = room_places.describe(self.kit, place)
            self._say(texts.PACE_SENT.format(place=name), alert=False)
        self._draw()

    # --- what the page shows ----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the step (another trainer's tab, a restart) and the counts; stale locks
        (a case removed or shortened since) are put right in the store and said."""
        step = self.db.room_step(self.code)
        locks, stale = room_places.checked_locks(self.kit, step.locks)
        if stale:
            step = self.db.send_room(self.code, None, locks)
        if step.place is not None and (problem := room_places.problem(self.kit, step.place)):
            stale.append(problem)
        if stale:
            self._say(" ".join(stale), alert=True)
        if step != self.step:
            self.step = step
            self._draw()
        following, own = self.db.room_following(self.code)
        counts = (
            f'<p class="opsporing-pace-counts" aria-label="{escape(texts.PACE_COUNTS_LABEL)}">'
            f"{escape(texts.PACE_COUNTS.format(following=following, own=own))}</p>"
        )
        if self.counts.value != counts:
            self.counts.value = counts
        self.following = (following, own)

    def _draw(self) -> None:
        place = self.step.place
        if place is None or room_places.problem(self.kit, place):
            lines = [texts.PACE_NOWHERE]
        else:
            lines = [texts.PACE_NOW.format(place=room_places.describe(self.kit, place))]
        if self.step.locks:
            items = ", ".join(
                texts.PACE_LOCK_ITEM.format(case=self.kit.vignette(case).title, number=n)
                for case, n in self.step.locks.items()
                if case in {v.id for v in self.kit.vignettes}
            )
            lines.append(texts.PACE_LOCKS.format(locks=items))
        self.where.value = (
            f'<p class="opsporing-pace-state" role="status">{escape(" ".join(lines))}</p>'
        )
        before_last = (
            place is not None
            and "case" in place
            and not room_places.problem(self.kit, place)
            and int(place.get("trin", "1")) < len(self.kit.vignette(place["case"]).stages)
        )
        set_shown(self.next_stage, before_last)
        set_shown(self.unlock, bool(self.step.locks))

    def _say(self, message: str, *, alert: bool) -> None:
        role = ' role="alert" class="opsporing-message"' if alert else ' role="status"'
        self.message.value = f"<p{role}>{escape(message)}</p>"
