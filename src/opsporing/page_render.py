"""A page's render always ends: with the page, or with a Danish notice that tries again.

Voila streams a page while its kernel starts and runs the notebook, and sends
a heartbeat every few seconds so that no browser or proxy gives up. When the
kernel dies before it answers (a port another process took in the moment it
started, a machine out of memory), Voila's renderer raises inside that stream;
the task that fed it dies, and the heartbeat goes on for ever: the participant
watches "Siden gøres klar …" until they give up. `EndingRenderer` ends the
stream instead, with a notice that says so in Danish and reloads the page,
which then gets a new kernel.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from html import escape
from typing import Any

import voila.handler
import voila.voila_kernel_manager
from voila.notebook_renderer import NotebookRenderer

from opsporing import texts

RETRY_SECONDS = 10
"""A page that could not start asks again this soon: a new kernel usually starts."""


def failed_notice(seconds: int = RETRY_SECONDS) -> str:
    """What ends a page whose render failed, wherever in the page's HTML it stopped: a
    notice over the whole window, the loading spinner gone, a reload after `seconds`."""
    return (
        '<div class="opsporing-page-failed" role="alert"><div>'
        f"<h1>{escape(texts.PAGE_FAILED_TITLE)}</h1>"
        f"<p>{escape(texts.PAGE_FAILED.format(seconds=seconds))}</p>"
        f'<p><a href="">{escape(texts.PAGE_FAILED_RETRY)}</a></p></div></div>'
        # Out of wherever the HTML stopped (the page's cells are hidden until they are drawn).
        "<script>document.body.append(document.currentScript.previousElementSibling);"
        "document.getElementById('loading')?.remove();"
        f"setTimeout(() => window.location.reload(), {seconds * 1000});</script>"
    )


class EndingRenderer(NotebookRenderer):
    """Voila's `NotebookRenderer`, whose stream ends with `failed_notice` if the render fails."""

    def generate_content_generator(
        self, kernel_id: str | None = None, kernel_future: Any = None
    ) -> AsyncIterator[tuple[str, Any]]:
        stream = super().generate_content_generator(kernel_id, kernel_future)

        async def ending() -> AsyncIterator[tuple[str, Any]]:
            try:
                async for snippet in stream:
                    yield snippet
            except Exception:
                self.log.exception("The page could not be rendered (kernel %s)", kernel_id)
                yield failed_notice(), {}

        return ending()


def install() -> None:
    """Voila's page handler and its warm pool make their renderers from this class."""
    voila.handler.NotebookRenderer = EndingRenderer
    voila.voila_kernel_manager.NotebookRenderer = EndingRenderer
