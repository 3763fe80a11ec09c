# Users against a real quiver process: auth is open until the first user exists; then wrong
# credentials are refused (Memgraph.ClientError.Security.Unauthenticated) for neo4j and
# pymgclient alike; user statements and the users file survive a restart.
import mgclient
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError

from conftest import QuiverProcess


@pytest.fixture(scope="module")
def users_server(quiver_binary, tmp_path_factory):
    directory = tmp_path_factory.mktemp("users")
    process = QuiverProcess(directory, name="users")
    process.directory = directory
    yield process
    process.stop()


def run(uri, query, auth, **params):
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as session:
        return [r.values() for r in session.run(query, **params)]


def test_users_lifecycle(users_server):
    uri = users_server.uri
    assert run(uri, "SHOW USERS", ("x", "y")) == []
    run(uri, "CREATE USER alice IDENTIFIED BY 'secret'", None)
    run(uri, "CREATE USER IF NOT EXISTS alice IDENTIFIED BY 'other'", ("alice", "secret"))
    assert run(uri, "SHOW USERS", ("alice", "secret")) == [["alice"]]
    assert run(uri, "SHOW CURRENT USER", ("alice", "secret")) == [["alice"]]

    with pytest.raises(ClientError) as raised:
        run(uri, "RETURN 1", ("alice", "wrong"))
    assert raised.value.code == "Memgraph.ClientError.Security.Unauthenticated"
    with pytest.raises(ClientError):
        run(uri, "RETURN 1", ("mallory", "secret"))
    with pytest.raises(mgclient.OperationalError):
        mgclient.connect(host="127.0.0.1", port=users_server.port, username="alice", password="nope")
    good = mgclient.connect(host="127.0.0.1", port=users_server.port, username="alice", password="secret")
    good.close()

    with pytest.raises(ClientError, match="already exists"):
        run(uri, "CREATE USER alice", ("alice", "secret"))
    run(uri, "SET PASSWORD FOR alice TO 'changed'", ("alice", "secret"))
    assert run(uri, "RETURN 1", ("alice", "changed")) == [[1]]
    with pytest.raises(ClientError):
        run(uri, "RETURN 1", ("alice", "secret"))

    stored = (users_server.data / "auth" / "users").read_text()
    assert "alice" in stored and "changed" not in stored and "pbkdf2-sha256" in stored

    users_server.stop()
    restarted = QuiverProcess(users_server.directory, [f"--data-directory={users_server.data}"], name="users2")
    try:
        with pytest.raises(ClientError):
            run(restarted.uri, "RETURN 1", ("alice", "wrong"))
        run(restarted.uri, "DROP USER alice", ("alice", "changed"))
        assert run(restarted.uri, "RETURN 2", ("anybody", "at all")) == [[2]]
    finally:
        restarted.stop()
