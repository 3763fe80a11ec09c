# `quiver console` against a real quiver process: a script of a few hundred statements run
# non-interactively (file and stdin, table and CSV output, summary, exit status on errors), and
# an interactive session on a pseudo-terminal (multi-line input, history recall, tables).
import os
import pty
import select
import subprocess
import time

from conftest import QUIVER


def console(server, *args, stdin=None):
    return subprocess.run([str(QUIVER), "console", "--port", str(server.port), "--no-history", *args],
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_script_of_hundreds_of_statements(server, tmp_path):
    script = tmp_path / "load.cypherl"
    lines = [f"CREATE (:Script {{i: {i}, name: 'n{i}'}});" for i in range(300)]
    lines.append("// a comment line\nMATCH (s:Script) WHERE s.i < 3\nRETURN s.i AS i, s.name AS name\nORDER BY i;")
    lines.append("MATCH (s:Script) RETURN count(s) AS total;")
    script.write_text("\n".join(lines) + "\n")
    done = console(server, "--file", str(script))
    assert done.returncode == 0, done.stderr
    assert "| i | name |" in done.stdout.replace("  ", " ") or "| i" in done.stdout
    assert '"n2"' in done.stdout and "| 300" in done.stdout
    assert "Executed 302 of 302 statements, 0 errors" in done.stderr

    csv = console(server, "--output-format", "csv", stdin="MATCH (s:Script) WHERE s.i = 7 RETURN s.i AS i, s.name AS name;")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines() == ["i,name", "7,n7"]
    console(server, stdin="MATCH (s:Script) DELETE s;")


def test_script_error_gives_non_zero_exit(server):
    done = console(server, stdin="RETURN 1;\nMATCH (n RETURN n;\nRETURN 2;")
    assert done.returncode == 1
    assert "Failed statement 2" in done.stderr
    assert "Executed 2 of 3 statements, 1 error" in done.stderr
    kept_going = console(server, "--continue-on-error", stdin="RETURN 1;\nMATCH (n RETURN n;\nRETURN 2;")
    assert kept_going.returncode == 1
    assert "Executed 3 of 3 statements, 1 error" in kept_going.stderr


def test_connection_refused_is_an_error(server):
    done = subprocess.run([str(QUIVER), "console", "--port", "1"], input="RETURN 1;", capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and "cannot connect" in done.stderr


class Terminal:
    def __init__(self, args, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(args[0], args, env)
        self.output = b""
        self.seen = 0

    def send(self, text):
        os.write(self.fd, text.encode())

    def expect(self, needle, timeout=20):
        deadline = time.time() + timeout
        while needle.encode() not in self.output[self.seen:]:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} not seen in {self.output.decode(errors='replace')!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    break
        self.seen = self.output.index(needle.encode(), self.seen) + len(needle)
        return self.output

    def wait(self):
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def test_interactive_session_on_a_pty(server, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm")
    terminal = Terminal([str(QUIVER), "console", "--port", str(server.port)], env)
    terminal.expect("quiver> ")
    terminal.send("CREATE (:Pty {v: 42})\r")
    terminal.expect("-> ")
    terminal.send(";\r")
    terminal.expect("Empty set")
    terminal.send("MATCH (p:Pty)\r")
    terminal.send("RETURN p.v AS v;\r")
    terminal.expect("| 42 |")
    terminal.expect("1 row in set")
    terminal.send("\x1b[A\r")  # up arrow recalls the last statement and runs it again
    terminal.expect("| 42 |")
    terminal.send("MATCH (n RETURN n;\r")
    terminal.expect("Client received query exception")
    terminal.send("MATCH (p:Pty) DELETE p;\r")
    terminal.expect("1 nodes deleted")
    terminal.send(":quit\r")
    assert terminal.wait() == 0
    history = (tmp_path / ".quiver_history").read_text()
    assert "MATCH (p:Pty)\nRETURN p.v AS v;" in history.replace("\\n", "\n")
