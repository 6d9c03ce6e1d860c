"""Every page, served by a real `opsporing serve`, as a browser would get it over HTTP."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nbformat
import pytest
from server_process import (
    FAKE_MP4,
    NOTEBOOKS,
    REPO,
    KernelChannel,
    OpsporingServer,
    browser_of,
    get,
    leave,
    login_cookie,
    open_page,
    page_config,
    run_in_own_loop,
    widget_states,
    widget_text,
)

from opsporing import routes, texts

HEADINGS = {
    "00_start.ipynb": texts.START_TITLE,
    "01_temafilm.ipynb": texts.FILMS_TITLE,
    "02_cases.ipynb": texts.CASES_TITLE,
    "03_hjaelp.ipynb": texts.HELP_TITLE,
    "04_handout.ipynb": texts.HANDOUT_TITLE,
    "underviser.ipynb": texts.TRAINER_TITLE,
}
LOADING_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "iframe": "src"}
LOADING_ATTRIBUTES |= {"video": "src", "audio": "src", "source": "src", "embed": "src"}


class _Resources(HTMLParser):
    """Every URL the page makes the browser fetch, and every other absolute URL."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in LOADING_ATTRIBUTES and values.get(LOADING_ATTRIBUTES[tag]):
            self.fetched.append(values[LOADING_ATTRIBUTES[tag]] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def test_every_page_has_a_test() -> None:
    assert sorted(HEADINGS) == NOTEBOOKS


def test_landing_page_is_the_danish_start_page(opsporing_server: OpsporingServer) -> None:
    landing = get(opsporing_server.url + "?deltager=abc")
    assert landing.status == 302
    assert landing.headers["Location"] == "/voila/render/00_start.ipynb?deltager=abc"
    tree = get(opsporing_server.url + "voila/tree")
    assert tree.status == 302
    assert tree.headers["Location"] == "/voila/render/00_start.ipynb"


@pytest.mark.parametrize("notebook", sorted(HEADINGS))
def test_page_renders_danish_without_code_or_foreign_hosts(
    opsporing_server: OpsporingServer, notebook: str
) -> None:
    page = open_page(opsporing_server, notebook)
    assert page.status == 200, page.text[:2000]
    html = page.text

    assert re.search(r'<html lang="da">', html)
    heading = HEADINGS[notebook]
    assert f"<title>{heading}</title>" in html
    assert texts.TEMPLATE_TEXTS["loading"] in html
    assert texts.TEMPLATE_TEXTS["skip_link"] in html
    assert '"output_type": "error"' not in html

    # Sources stripped: not one line of the notebook's code reaches the browser.
    nb = nbformat.read(REPO / "notebooks" / notebook, as_version=4)
    code = [
        line.strip() for c in nb.cells if c.cell_type == "code" for line in c.source.split("\n")
    ]
    for line in filter(None, code):
        assert line not in html, f"code source in the page: {line!r}"

    # Nothing is fetched from another host; links a participant clicks may leave.
    parser = _Resources()
    parser.feed(html)
    foreign = [u for u in parser.fetched if urlsplit(u).netloc]
    assert foreign == []
    others = re.findall(r"https?://[^\s\"'<>)\\]+", html)
    assert set(others) <= set(parser.links), set(others) - set(parser.links)

    # The nbdime lab extension is denied, the widget manager is there.
    config = page_config(html)
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert "nbdime-jupyterlab" not in extensions
    assert "@jupyter-widgets/jupyterlab-manager" in extensions

    # The heading is drawn in the browser from the widgets: ask the page's kernel for them.
    states = widget_states(opsporing_server, config["kernelId"])
    if notebook == "underviser.ipynb":
        assert f"<h1>{heading}</h1>" in widget_text(states)
    else:  # the app, opened at the notebook's view; its navigator draws the heading
        (navigator,) = [m["state"] for m in states.values() if "views" in m["state"]]
        shown = next(v for v in navigator["views"] if v["id"] == navigator["location"]["vis"])
        assert shown["title"] == heading
    leave(opsporing_server, config["kernelId"])


def test_local_film_is_served_for_the_video_element(opsporing_server: OpsporingServer) -> None:
    server = opsporing_server
    film = next((server.content_root / "films" / "local").glob("*.mp4"))
    # As a page's <video> asks: from the page (Jupyter Server checks the Referer on
    # file GETs), and in ranges, so a participant can jump in the film.
    page = {"Referer": server.page_url("01_temafilm.ipynb")}
    url = server.url + f"{routes.FILM_ROUTE}/{film.name}"
    whole = get(url, headers=page)
    assert whole.status == 200
    assert whole.headers["Content-Type"] == "video/mp4"
    assert whole.body == FAKE_MP4
    part = get(url, headers={**page, "Range": "bytes=4-11"})
    assert (part.status, part.body) == (206, b"ftypmp42")
    assert get(url).status == 403, "a request not from one of our pages gets no film"
    assert get(server.url + f"{routes.FILM_ROUTE}/findes-ikke.mp4", headers=page).status == 404
    assert get(server.url + f"{routes.FILM_ROUTE}/../README.md", headers=page).status == 404


def test_error_pages_are_danish(opsporing_server: OpsporingServer) -> None:
    missing = get(opsporing_server.page_url("findes-ikke.ipynb"))
    assert missing.status == 404
    assert '<html lang="da">' in missing.text
    assert "Siden findes ikke" in missing.text
    assert "cdn" not in missing.text


def test_kernels_of_pages_without_a_browser_are_culled(opsporing_server: OpsporingServer) -> None:
    """Two page loads whose browser never connects (closed at once) end as culled kernels."""
    server = opsporing_server
    used = []
    for notebook in ("02_cases.ipynb", "03_hjaelp.ipynb"):
        page = open_page(server, notebook)
        assert page.status == 200
        used.append(page_config(page.text)["kernelId"])
    # Each page load started a kernel of its own (only the entry notebook has a warm pool)...
    assert len(set(used)) == 2
    # ...and both go once idle for the timeout (plus up to one cull interval).
    deadline = time.monotonic() + server.idle_timeout * 3 + 30
    while set(used) & set(server.kernel_pids()) and time.monotonic() < deadline:
        time.sleep(1)
    assert not set(used) & set(server.kernel_pids())
    for kid in used:
        assert re.search(rf"Culling .*{kid}", server.log()), f"{kid} went, but was not culled"


def test_a_handout_is_made_by_the_server_for_the_browsers_own_participant(
    opsporing_server: OpsporingServer, served_store, shipped
) -> None:
    """The handout view's links: the file of the asking browser's participant, named for
    them, never cached; another browser, or an id in the address, gets nobody's answers."""
    me = served_store.join("Hentetest", None)
    free_text = next(r for r in shipped.questions() if r.question.kind == "fritekst")
    served_store.save_answer(me.id, free_text.key, "Mit svar til handoutet")
    page = open_page(opsporing_server, "00_start.ipynb")
    served_store.bind_browser(browser_of(page), me.id)
    mine = {"Cookie": "; ".join(page.cookies)}
    url = opsporing_server.url + f"{routes.HANDOUT_ROUTE}.html"
    made = get(url, headers=mine)
    assert made.status == 200, made.text[:500]
    assert made.headers["Content-Disposition"].endswith("mine-svar-Hentetest.html")
    assert made.headers["Cache-Control"] == "no-store"
    assert "Mit svar til handoutet" in made.text

    neighbour = {"Cookie": login_cookie(opsporing_server)}
    for asked in (url, opsporing_server.url + f"{routes.HANDOUT_ROUTE}.pdf"):
        other = get(asked, headers=neighbour)
        assert other.status == 404 and texts.HANDOUT_UNKNOWN_PARTICIPANT in other.text
        assert "Mit svar til handoutet" not in other.text
    by_id = get(opsporing_server.url + f"{routes.HANDOUT_ROUTE}/{me.id}.html", headers=neighbour)
    assert by_id.status == 404 and "Mit svar" not in by_id.text, "no route takes an id"
    leave(opsporing_server, page_config(page.text)["kernelId"])


def test_pages_are_compressed_and_versioned_files_kept_a_year(
    opsporing_server: OpsporingServer,
) -> None:
    """A room shares one wireless network: the page is gzipped, so is the websocket that
    brings its widgets (about 220 KB of state each), and hashed files are cached."""
    gzip = {"Accept-Encoding": "gzip"}
    page = open_page(opsporing_server, "00_start.ipynb", headers=gzip)
    kernel = page_config(page.text)["kernelId"]

    async def websocket_extensions() -> str:
        channel = await KernelChannel.open(opsporing_server, kernel)
        channel.close()
        return str(channel.connection.headers.get("Sec-WebSocket-Extensions", ""))

    assert "permessage-deflate" in run_in_own_loop(websocket_extensions())
    assert widget_states(opsporing_server, kernel), "the widgets arrive through it"
    leave(opsporing_server, kernel)
    assert page.headers.get("Content-Encoding") == "gzip"
    extensions = page_config(page.text)["federated_extensions"]
    (widgets,) = [e for e in extensions if e["name"] == "@jupyter-widgets/jupyterlab-manager"]
    assert re.fullmatch(r"static/remoteEntry\.[0-9a-f]+\.js", widgets["load"]), "named by its hash"
    manager = f"voila/labextensions/{widgets['name']}/{widgets['load']}"
    js = get(opsporing_server.url + manager, headers=gzip)
    assert js.status == 200 and js.headers.get("Content-Encoding") == "gzip"
    assert js.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = get(opsporing_server.url + "voila/templates/opsporing/static/opsporing.css")
    assert css.headers["Cache-Control"] == "public, max-age=600", "unversioned: kept briefly"
