"""The help view: whom to contact: the directory, your municipality, and when to call whom."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content import Content
from opsporing.content.models import Municipality, Service
from opsporing.pages.frame import ViewBody
from opsporing.pages.session import Session
from opsporing.widgets.cards import ServiceRow
from opsporing.widgets.filters import ANY, dropdown
from opsporing.widgets.markdown import render
from opsporing.widgets.provenance import checked_note, external_link, unverified_marker
from opsporing.widgets.shared import html, is_shown, label, layout, set_shown

STYLE = {"description_width": "initial"}
AGES = range(0, 18)


def _searchable(s: Service) -> str:
    words = [s.name, s.run_by, s.description]
    words += [g.value for g in s.target_groups] + [c.value for c in s.channels]
    return " ".join(words).casefold()


class Directory(widgets.VBox):
    """Free-text search and filters over the services; rows are hidden, not rebuilt."""

    def __init__(self, content: Content) -> None:
        services = content.services
        self.rows = [ServiceRow(s) for s in services]
        self.search = widgets.Text(
            description=texts.SEARCH,
            placeholder=texts.SEARCH_PLACEHOLDER,
            tooltip=texts.SEARCH,
            continuous_update=True,
            layout=layout(),
            style=STYLE,
        )
        targets = list(dict.fromkeys(g for s in services for g in s.target_groups))
        channels = list(dict.fromkeys(c for s in services for c in s.channels))
        self.target = dropdown(texts.FILTER_TARGET, [(g.value, g) for g in targets])
        self.channel = dropdown(texts.FILTER_CHANNEL, [(c.value, c) for c in channels])
        self.age = dropdown(texts.FILTER_AGE, [(texts.AGE_YEARS.format(age=a), a) for a in AGES])
        self.count = label()
        self.count.add_class("opsporing-count")
        for control in (self.search, self.target, self.channel, self.age):
            control.observe(self.apply, "value")
        filters = widgets.HBox(
            [self.search, self.target, self.channel, self.age], layout=layout(flex_flow="row wrap")
        )
        filters.add_class("opsporing-filters")
        heading = html(f"<h2>{texts.SERVICES_HEADING}</h2>")
        super().__init__([heading, filters, self.count, *self.rows], layout=layout())
        self.apply()

    def matches(self, s: Service) -> bool:
        words = self.search.value.casefold().split()
        age = self.age.value
        return (
            all(w in _searchable(s) for w in words)
            and (self.target.value == ANY or self.target.value in s.target_groups)
            and (self.channel.value == ANY or self.channel.value in s.channels)
            and (
                age == ANY
                or s.ages is None
                or (
                    (s.ages.low is None or s.ages.low <= age)
                    and (s.ages.high is None or age <= s.ages.high)
                )
            )
        )

    @property
    def visible(self) -> list[ServiceRow]:
        return [row for row in self.rows if is_shown(row)]

    def apply(self, _change: Any = None) -> None:
        for row in self.rows:
            set_shown(row, self.matches(row.service))
        self.count.value = texts.SERVICES_SHOWN.format(
            shown=len(self.visible), total=len(self.rows)
        )


def municipality_html(m: Municipality | None, content: Content) -> str:
    """The chosen municipality's contact (only with its source date), then what holds for all."""
    html = ""
    if m is not None:
        name = m.official_name
        contact = []
        if m.notification_page:
            link = texts.MUNICIPALITY_NOTIFY.format(name=name)
            contact.append(external_link(m.notification_page, link))
        if m.children_entry:
            link = texts.MUNICIPALITY_CHILDREN.format(name=name)
            contact.append(external_link(m.children_entry, link))
        if m.web:
            contact.append(external_link(m.web, texts.MUNICIPALITY_WEB.format(name=name)))
        if m.phone:
            contact.append(escape(texts.MUNICIPALITY_PHONE.format(phone=m.phone)))
        if m.on_call:
            contact.append(escape(m.on_call))
        if contact:
            html += f"<p>{' · '.join(contact)} {checked_note(m.checked)}</p>"
            if m.source:
                source = escape(texts.MUNICIPALITY_SOURCE.format(source=m.source))
                html += f'<p class="opsporing-source">{source}</p>'
        unconfirmed = []
        if not m.notification_page:
            unconfirmed.append(texts.MUNICIPALITY_NO_CONTACT.format(name=name))
        if not m.children_entry:
            unconfirmed.append(texts.MUNICIPALITY_NO_CHILDREN_ENTRY.format(name=name))
        html += "".join(f'<p class="opsporing-unverified">{escape(t)}</p>' for t in unconfirmed)
    facts = []
    for fact in content.municipality_directory.facts:
        mark = checked_note(fact.checked) if fact.verified else unverified_marker(fact.check_at)
        facts.append(f"<li>{render(fact.text)} {mark}</li>")
    return html + f"<ul>{''.join(facts)}</ul>"


class MunicipalityPicker(widgets.VBox):
    """All 98 municipalities; the participant's choice is kept with them in the store."""

    def __init__(self, session: Session) -> None:
        self.session = session
        content = session.content
        municipalities = sorted(content.municipalities, key=lambda m: m.name)
        chosen = session.participant.municipality if session.participant else None
        self.choice = dropdown(
            texts.MUNICIPALITY_PICK,
            [(m.name, m.code) for m in municipalities],
            first=texts.MUNICIPALITY_NONE,
            value=chosen if chosen in {m.code for m in municipalities} else ANY,
            tooltip=texts.MUNICIPALITY_HELP,
        )
        self.status = label()
        self.status.add_class("opsporing-status")
        self.details = html("")
        self.choice.observe(self._chosen, "value")
        self._show(self.choice.value)
        super().__init__(
            [
                html(f"<h2>{texts.MUNICIPALITY_HEADING}</h2><p>{texts.MUNICIPALITY_HELP}</p>"),
                self.choice,
                self.status,
                self.details,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-municipality")

    def follow(self) -> None:
        """Show the participant's own municipality (a warm kernel built this for nobody)."""
        participant = self.session.participant
        chosen = participant.municipality if participant else None
        if chosen is not None and chosen in {m.code for m in self.session.content.municipalities}:
            self.choice.unobserve(self._chosen, "value")  # shown, not chosen again
            self.choice.value = chosen
            self.choice.observe(self._chosen, "value")
            self._show(chosen)

    def _show(self, code: int | str) -> None:
        content = self.session.content
        m = content.municipality(code) if isinstance(code, int) else None
        self.details.value = municipality_html(m, content)

    def _chosen(self, change: Any) -> None:
        code = change["new"]
        self._show(code)
        if self.session.participant is None:
            return
        self.session.store.set_municipality(self.session.participant.id, code or None)
        if code != ANY:
            name = self.session.content.municipality(code).official_name
            self.status.value = texts.MUNICIPALITY_SAVED.format(name=name)
        else:
            self.status.value = ""


def guide_html(content: Content) -> str:
    """ "Hvem kontakter jeg hvornår": a situation, what to do, and whom."""
    entries = []
    for e in content.guide.entries:
        parts = [f"<h3>{escape(e.situation)}</h3>", render(e.advice)]
        if e.phone:
            phone = escape(texts.GUIDE_PHONE.format(phone=e.phone))
            parts.append(f"<p>{phone} {checked_note(e.checked)}</p>")
        if e.services:
            names = ", ".join(content.service(sid).name for sid in e.services)
            parts.append(f"<p>{escape(texts.GUIDE_SERVICES.format(names=names))}</p>")
        entries.append(f'<div class="opsporing-guide">{"".join(parts)}</div>')
    return f"<h2>{escape(content.guide.title)}</h2>{''.join(entries)}"


def help_roles_html(content: Content) -> str:
    roles = content.help_roles
    items = []
    for role in roles.roles:
        mark = checked_note(role.checked) if role.verified else unverified_marker(role.check_at)
        items.append(
            f"<li><strong>{escape(role.name)}</strong>: {render(role.description)} {mark}</li>"
        )
    return f"<h2>{texts.HELP_ROLES_HEADING}</h2>{render(roles.intro)}<ul>{''.join(items)}</ul>"


class HelpView(ViewBody):
    """The same for everyone but the municipality a participant chose."""

    def __init__(self, session: Session) -> None:
        c = session.content
        self.municipality = MunicipalityPicker(session)
        super().__init__(
            [
                html(f"<p>{texts.HELP_INTRO}</p>"),
                html(guide_html(c)),
                self.municipality,
                Directory(c),
                html(help_roles_html(c)),
            ]
        )

    def arrive(self) -> bool:
        self.municipality.follow()
        return True


def build(session: Session) -> HelpView:
    return HelpView(session)
