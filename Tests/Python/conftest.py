# Fixtures for the Python integration tests: each server fixture starts a real `quiver` process
# on a free port with its own data directory (and, for TLS, a self-signed certificate made with
# openssl), waits for its "listening" line, and stops it with SIGTERM (checking a clean exit).
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUIVER = Path(os.environ.get("QUIVER_BIN", ROOT / ".build" / "debug" / "quiver"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuiverProcess:
    def __init__(self, tmp_path, extra_args=(), name="server"):
        self.port = free_port()
        self.data = tmp_path / f"{name}-data"
        self.log = tmp_path / f"{name}.log"
        args = [str(QUIVER), f"--bolt-port={self.port}", f"--data-directory={self.data}",
                "--log-level=INFO", *extra_args]
        self.stderr = open(self.log, "w")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        if "listening" not in line:
            self.process.kill()
            raise RuntimeError(f"quiver did not start: {line!r} {self.log.read_text()}")

    @property
    def uri(self):
        return f"bolt://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise AssertionError("quiver did not stop on SIGTERM")
            assert code == 0, f"quiver exited with {code}: {self.log.read_text()}"
        self.stderr.close()


@pytest.fixture(scope="session")
def quiver_binary():
    if not QUIVER.exists():
        pytest.fail(f"{QUIVER} missing: run `swift build` first (make pytest does)")
    return QUIVER


@pytest.fixture(scope="module")
def server(quiver_binary, tmp_path_factory):
    process = QuiverProcess(tmp_path_factory.mktemp("quiver"))
    yield process
    process.stop()


@pytest.fixture(scope="module")
def tls_server(quiver_binary, tmp_path_factory):
    directory = tmp_path_factory.mktemp("quiver-tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    process = QuiverProcess(directory, [f"--bolt-cert-file={cert}", f"--bolt-key-file={key}"], name="tls")
    process.cert = cert
    yield process
    process.stop()


def wait_until(predicate, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
