"""A room on one laptop: the warm pool is announced, and beyond capacity a page says so.

Each participant holds a kernel for the whole workshop. A server asked for a
room of one keeps one warm kernel and holds three pages (one, plus the
smallest headroom); the fourth newcomer gets a Danish "der er fuldt" page that
tries again by itself, never a spinner on a laptop that cannot start one more.
"""

from __future__ import annotations

from pathlib import Path

from server_process import BROWSER_OF_KERNEL, OpsporingServer, get, post

from opsporing import serve, texts


def test_a_full_room_says_so_in_danish_and_opens_again_when_someone_leaves(
    tmp_path: Path,
) -> None:
    server = OpsporingServer(
        data_dir=tmp_path / "data",
        log_path=tmp_path / "serve.log",
        participants=1,
        idle_timeout=300,
    )
    server.start()
    try:
        assert texts.SERVE_WARM.format(n=1) in server.terminal()
        capacity = serve.capacity(1)
        pages = [get(server.page_url("00_start.ipynb")) for _ in range(capacity)]
        assert [p.status for p in pages] == [200] * capacity

        full = get(server.page_url("00_start.ipynb"))
        assert full.status == 503
        assert texts.ROOM_FULL in full.text and '<html lang="da">' in full.text
        assert 'http-equiv="refresh"' in full.text and full.headers["Retry-After"]
        assert server.kernel_count() == capacity, "no kernel was started for the refused page"
        assert get(server.page_url("underviser.ipynb")).status == 200, "the trainer gets in"

        # The trainer and one participant leave (the page's shutdown beacon, as our template
        # sends it): a place is free again.
        for leaving in list(server.kernel_pids())[:2]:
            xsrf = {"Cookie": f"{BROWSER_OF_KERNEL.get(leaving, '')}; _xsrf=leaving"}
            shutdown = post(server.url + f"voila/api/shutdown/{leaving}", b"_xsrf=leaving", xsrf)
            assert shutdown.status == 204
        server.wait_for_kernel_count(capacity - 1, timeout=60)
        assert get(server.page_url("00_start.ipynb")).status == 200
    finally:
        server.stop()
