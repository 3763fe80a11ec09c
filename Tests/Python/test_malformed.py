# Malformed input over raw sockets (wrong magic, bad version, truncated and oversized chunks,
# garbage PackStream, a 100,000-deep nested list): each connection is refused or closed, and
# afterwards the server still answers `RETURN 1` to a real driver.
import socket
import struct

import pytest
from neo4j import GraphDatabase

MAGIC = b"\x60\x60\xb0\x17"
V44 = b"\x00\x00\x04\x04" + b"\x00" * 12


def connect(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    return s


def chunk(body):
    out = b""
    for i in range(0, len(body), 65535):
        part = body[i:i + 65535]
        out += struct.pack(">H", len(part)) + part
    return out + b"\x00\x00"


def hello_44():
    # B1 01 {user_agent: "raw", scheme: "none"}
    body = b"\xb1\x01\xa2\x8auser_agent\x83raw\x86scheme\x84none"
    return chunk(body)


def read_all(s):
    data = b""
    try:
        while True:
            part = s.recv(65536)
            if not part:
                return data, True
            data += part
    except ConnectionResetError:
        return data, True
    except socket.timeout:
        return data, False


def handshake(server):
    s = connect(server)
    s.sendall(MAGIC + V44)
    assert s.recv(4) == b"\x00\x00\x04\x04"
    return s


def assert_alive(server):
    with GraphDatabase.driver(server.uri, auth=None) as driver, driver.session() as session:
        assert session.run("RETURN 1 AS x").single()["x"] == 1


def test_wrong_magic(server):
    s = connect(server)
    s.sendall(b"\xde\xad\xbe\xef" + V44)
    data, closed = read_all(s)
    assert closed and data in (b"", b"\x00\x00\x00\x00")
    assert_alive(server)


def test_bad_version(server):
    s = connect(server)
    s.sendall(MAGIC + b"\x00\x00\x00\x09" + b"\x00" * 12)
    data, closed = read_all(s)
    assert closed and data in (b"", b"\x00\x00\x00\x00")
    assert_alive(server)


def test_truncated_chunk(server):
    s = handshake(server)
    s.sendall(hello_44()[:-2] + b"\x00\x40abc")  # claims 64 bytes, sends 3, then hangs up
    s.shutdown(socket.SHUT_WR)
    read_all(s)
    s.close()
    assert_alive(server)


def test_oversized_message(server):
    s = handshake(server)
    s.sendall(hello_44())
    s.settimeout(5)
    s.recv(4096)
    try:
        for _ in range(2000):  # 2000 × 65535 bytes ≈ 131 MB, past the message limit
            s.sendall(b"\xff\xff" + b"\x90" * 65535)
    except (BrokenPipeError, ConnectionResetError):
        pass
    data, closed = read_all(s)
    assert closed
    assert_alive(server)


def test_garbage_packstream(server):
    s = handshake(server)
    s.sendall(hello_44())
    s.recv(4096)
    s.sendall(chunk(b"\xb3\x10\xd2\xff\xff\xff\xff"))  # RUN with a string claiming 4 GB
    try:
        s.sendall(chunk(b"\xc7\xc7\xc7"))
    except (BrokenPipeError, ConnectionResetError):
        pass
    data, closed = read_all(s)
    assert closed
    assert b"\x7f" in data or data == b""  # a FAILURE, then close
    assert_alive(server)


def test_deeply_nested_list(server):
    s = handshake(server)
    s.sendall(hello_44())
    s.recv(4096)
    depth = 100_000
    body = b"\xb3\x10\x88RETURN 1\xa1\x81x" + b"\x91" * depth + b"\xc0" + b"\xa0"
    s.sendall(chunk(body))
    data, closed = read_all(s)
    assert closed
    assert_alive(server)


def test_http_request(server):
    s = connect(server)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    data, closed = read_all(s)
    assert closed
    assert_alive(server)
