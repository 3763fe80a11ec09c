# The `quiver` command line: Memgraph's flag spellings (dash or underscore, --flag-file,
# $MEMGRAPH_CONFIG, boolean forms), unknown flags refused with a hint, accepted flags that are
# not effective yet logged, and a clean exit on SIGINT.
import os
import signal
import subprocess

from neo4j import GraphDatabase

from conftest import QUIVER, free_port


def start(args, env=None):
    process = subprocess.Popen([str(QUIVER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, **(env or {})))
    line = process.stdout.readline()
    assert "listening" in line, process.stderr.read()
    return process


def stop(process, sig=signal.SIGTERM):
    process.send_signal(sig)
    assert process.wait(timeout=20) == 0
    return process.stderr.read()


def answers(port):
    with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver, driver.session() as session:
        return session.run("RETURN 7 AS x").single()["x"] == 7


def test_underscore_flags_and_flag_file(tmp_path):
    port = free_port()
    flags = tmp_path / "memgraph.conf"
    flags.write_text(f"# a Memgraph-style config\n--bolt_port={port}\n--log-level=INFO\n--storage_wal_enabled=true\n--storage_items_per_batch=5\n")
    process = start([f"--flag-file={flags}", f"--data_directory={tmp_path / 'data'}", "--nostorage-properties-on-edges"])
    assert answers(port)
    log = stop(process, signal.SIGINT)
    assert "--storage-items-per-batch=5 is accepted but not effective yet" in log
    assert (tmp_path / "data").is_dir()


def test_memgraph_config_environment_and_command_line_precedence(tmp_path):
    port = free_port()
    flags = tmp_path / "env.conf"
    flags.write_text("--bolt-port=1\n")
    process = start([f"--bolt-port={port}", f"--data-directory={tmp_path / 'd'}"], env={"MEMGRAPH_CONFIG": str(flags)})
    assert answers(port)
    stop(process)


def test_unknown_flag_is_refused_with_a_hint():
    done = subprocess.run([str(QUIVER), "--bolt-prot=7687"], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert "unknown flag '--bolt-prot'" in done.stderr and "--bolt-port" in done.stderr


def test_invalid_values_are_refused(tmp_path):
    done = subprocess.run([str(QUIVER), "--storage-mode=ON_PAPER", f"--data-directory={tmp_path}"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and "--storage-mode" in done.stderr


def test_server_name_for_init(tmp_path):
    port = free_port()
    process = start([f"--bolt-port={port}", f"--data-directory={tmp_path}", "--bolt-server-name-for-init=Neo4j/5.2.0 custom"])
    with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
        assert driver.get_server_info().agent == "Neo4j/5.2.0 custom"
    stop(process)
