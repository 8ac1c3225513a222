"""The client's answer to a kept-alive connection the lab closed without a response (Jetty closing an idle connection
as a request arrives; seen under load): a read is asked again once, a command is not (it may have been carried out).
Against a small local HTTP server that drops the first request of each path, not the lab: the lab cannot be made to."""
import http.server
import json
import threading

import pytest

import neurolab


class _DropFirst(http.server.BaseHTTPRequestHandler):
    seen = {}

    def do_POST(self):
        n = _DropFirst.seen.get(self.path, 0)
        _DropFirst.seen[self.path] = n + 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if n == 0:
            self.close_connection = True  # no response at all: the client sees RemoteDisconnected
            self.connection.shutdown(2)
            return
        body = json.dumps({"ok": True, "asked": n + 1}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def dropping_server():
    _DropFirst.seen = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DropFirst)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()


def test_a_read_is_asked_again_once_and_a_command_never(dropping_server):
    lab = neurolab.Lab(dropping_server, token="nl_test")
    assert lab.post("/count", {}, read=True) == {"ok": True, "asked": 2}
    with pytest.raises(neurolab.LabError, match="does not answer"):
        lab.post("/stimulate", {})
    assert _DropFirst.seen["/stimulate"] == 1, "a command is sent once"
