"""Overload: past the requests it lets through at once, nginx sheds with 503 and Retry-After, in the
site's error shape (the API's JSON under /api/), at once, and never queues without end or answers 500
(deploy/nginx/naker-site.conf, docs/decisions/0018-launch-day-load.md).

The real site file and top-level loopback configuration, rendered as deploy/prod.sh renders them, with
the limit set to 2, in front of an upstream that holds its answers until the test lets them go."""

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(not (NGINX and OPENSSL), reason="needs nginx and openssl")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Upstream(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.release = threading.Event()
        self.arrived = threading.Semaphore(0)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler) -> None:
                self.arrived.release()
                self.release.wait(10)
                body = b'{"ok": true}'
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args) -> None:
                pass

        super().__init__(("127.0.0.1", free_port()), Handler)


@pytest.fixture
def site(tmp_path):
    upstream = Upstream()
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https, http_port = free_port(), free_port()
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "tmp").mkdir()
    values = {
        "@UPSTREAMS@": f"    server 127.0.0.1:{upstream.server_address[1]};",
        "@LISTEN_ADDR@": "127.0.0.1",
        "@HTTP_PORT@": str(http_port),
        "@HTTPS_PORT@": str(https),
        "@HTTPS_SUFFIX@": f":{https}",
        "@SERVER_NAME@": "127.0.0.1 localhost",
        "@VAR_DIR@": str(tmp_path),
        "@DEPLOY_DIR@": str(ROOT / "deploy"),
        "@TLS_CERT@": str(tmp_path / "cert.pem"),
        "@TLS_KEY@": str(tmp_path / "key.pem"),
        "@APP_CONNECTIONS@": "2",
        "@NGINX_DIR@": str(tmp_path),
        "@USER_LINE@": "user root;" if os.getuid() == 0 else "# (not root)",
    }
    for name, target in (("naker-site.conf", "naker-site.conf"), ("loopback.conf", "nginx.conf")):
        text = (ROOT / "deploy" / "nginx" / name).read_text()
        for key, value in values.items():
            text = text.replace(key, value)
        assert "@" not in "".join(line.split("#")[0] for line in text.splitlines()), f"unrendered name in {name}"
        (tmp_path / target).write_text(text)
    nginx = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")]
    subprocess.run(nginx, check=True)
    try:
        yield https, upstream
    finally:
        upstream.release.set()
        subprocess.run([*nginx, "-s", "stop"], check=False)
        upstream.shutdown()


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ssl._create_unverified_context())  # noqa: S323
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()


def test_past_the_limit_nginx_sheds_at_once_with_503_retry_after_in_the_sites_shape(site):
    port, upstream = site
    with ThreadPoolExecutor(4) as pool:
        held = [pool.submit(get, port, "/kursus/"), pool.submit(get, port, "/api/v1/courses")]
        for _ in held:  # both reached the application and wait there
            assert upstream.arrived.acquire(timeout=10)
        status, headers, body = get(port, "/api/v1/courses")
        assert status == 503
        assert headers["retry-after"] == "10"
        assert json.loads(body)["code"] == "unavailable"
        status, headers, body = get(port, "/kursus/")
        assert status == 503
        assert headers["retry-after"] == "10"
        assert "Coba lagi sebentar lagi" in body.decode()
        # Static files are never counted against the application's limit.
        assert get(port, "/static/nothing-here.css")[0] == 404
        upstream.release.set()
        assert [f.result()[0] for f in held] == [200, 200]
    # Once the load is gone, requests pass again.
    assert get(port, "/api/v1/courses")[0] == 200
