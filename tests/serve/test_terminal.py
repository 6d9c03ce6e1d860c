"""The trainer's terminal: the Danish lines that matter, no English noise, a clean Ctrl+C."""

from __future__ import annotations

import signal
from pathlib import Path

from server_process import OpsporingServer, get

from opsporing import serve, texts


def test_the_terminal_says_what_a_trainer_needs_and_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    server = OpsporingServer(
        data_dir=tmp_path / "data", log_path=tmp_path / "terminal.log", participants=0
    )
    server.start()
    try:
        # A page load makes Voila and Jupyter log their routine warnings.
        assert get(server.page_url("03_hjaelp.ipynb")).status == 200
        assert server.process is not None
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=60) == 0
    finally:
        server.stop()

    terminal = server.terminal()
    assert texts.SERVE_RUNNING.format(url=f"http://localhost:{server.port}/") in terminal
    assert texts.SERVE_STOPPED in terminal
    for noise in ("Traceback", "not trusted", "without encryption", "WARNING", "[Voila]"):
        assert noise not in terminal, terminal
    kept = (tmp_path / "data" / serve.LOG_FILE).read_text("utf-8")
    assert "Voilà is running at" in kept
