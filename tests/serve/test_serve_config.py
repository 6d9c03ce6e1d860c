"""The launch configuration `opsporing serve` hands to Voila, without starting a server."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from opsporing import paths, routes, serve, texts


def test_room_configuration(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()  # a checkout: its own pages (a copy uses the kit's)
    c = serve.voila_config(serve.ServeOptions(participants=10, idle_timeout=120), tmp_path, "")
    assert c.Voila.root_dir == str(tmp_path / "notebooks")
    assert (c.Voila.ip, c.Voila.token, c.Voila.port_retries) == ("localhost", "", 0)
    assert c.VoilaConfiguration.template == serve.TEMPLATE
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaConfiguration.preheat_kernel is True
    # One pool, the entry notebook's, of the room's size; a fifth more before "fuldt".
    assert c.VoilaConfiguration.default_pool_size == 0
    assert (c.OpsporingVoila.participants, c.OpsporingVoila.capacity) == (10, 12)
    assert c.VoilaConfiguration.extension_denylist == ["nbdime-jupyterlab"]
    assert c.VoilaConfiguration.resources[serve.TEMPLATE] == texts.TEMPLATE_TEXTS
    assert c.VoilaExporter.language_code == "da"
    assert c.MappingKernelManager.cull_idle_timeout == 120
    assert c.MappingKernelManager.cull_interval == 30
    assert c.MappingKernelManager.cull_connected is False
    assert c.OpsporingVoila.films_dir == str(tmp_path / "films" / "local")
    assert (
        serve.voila_config(serve.ServeOptions(participants=0), tmp_path, "").VoilaConfiguration[
            "preheat_kernel"
        ]
        is False
    )


def test_local_launch_has_no_token_and_no_join_url(tmp_path: Path) -> None:
    launch = serve.launch(serve.ServeOptions(port=18866), tmp_path)
    assert launch.local_url == "http://localhost:18866/"
    assert launch.join_url is None
    assert routes.JOIN_URL_ENV not in launch.environment
    assert launch.environment[paths.CONTENT_ENV] == str(tmp_path.resolve())
    # In a checkout, the checkout's templates come first, so edits are live.
    first = launch.environment["JUPYTER_PATH"].split(os.pathsep)[0]
    assert Path(first) == paths.REPO_ROOT / "share" / "jupyter"


def test_lan_launch_has_a_fresh_token_in_both_urls(tmp_path: Path) -> None:
    options = serve.ServeOptions(port=18866, lan=True)
    launch = serve.launch(options, tmp_path)
    token = launch.config.Voila.token
    assert len(token) >= 16
    assert launch.config.Voila.ip == ""
    assert launch.local_url == f"http://localhost:18866/?token={token}"
    assert launch.join_url == f"http://{serve.lan_address()}:18866/?token={token}"
    assert launch.environment[routes.JOIN_URL_ENV] == launch.join_url
    assert serve.launch(options, tmp_path).config.Voila.token != token


def test_a_room_may_grow_by_a_fifth_before_it_is_full() -> None:
    assert [serve.capacity(n) for n in (0, 1, 10, 30, 40)] == [0, 3, 12, 36, 48]


def test_a_taken_port_is_reported() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve.port_is_free(port, lan=False) is False
    assert serve.port_is_free(port, lan=False) is True
