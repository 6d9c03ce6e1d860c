"""The addresses kernels use for the server's routes: join, local films, handouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsporing import paths, routes


def test_join_url_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(routes.JOIN_URL_ENV, raising=False)
    assert routes.join_url() is None
    monkeypatch.setenv(routes.JOIN_URL_ENV, "http://10.0.0.5:8866/?token=abc")
    assert routes.join_url() == "http://10.0.0.5:8866/?token=abc"


def test_film_url_only_for_a_local_copy_under_voila(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CONTENT_ENV, str(tmp_path))
    (tmp_path / "films" / "local").mkdir(parents=True)
    (tmp_path / "films" / "local" / "anna.mp4").write_bytes(b"film")
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    assert routes.film_url("anna") is None, "JupyterLab has no film route"
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert routes.film_url("anna") == "/opsporing/film/anna.mp4"
    assert routes.film_url("ung-2") is None
    monkeypatch.setenv("VOILA_BASE_URL", "/kit/")
    assert routes.film_url("anna") == "/kit/opsporing/film/anna.mp4"


def test_handout_url_only_under_voila(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    assert routes.handout_url("pdf") is None, "JupyterLab has no handout route"
    monkeypatch.setenv("VOILA_BASE_URL", "/kit/")
    assert routes.handout_url("pdf") == "/kit/opsporing/handout.pdf", "the same for everyone"
    assert routes.handout_url("html") == "/kit/opsporing/handout.html"
