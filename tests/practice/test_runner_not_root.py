"""The runner used by an ordinary user (root here switches to one to see it): the code runs as
that user, in user, network and PID namespaces of its own where the kernel allows."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.core.practice.runner import languages
from tutor.core.practice.runner.confine import tool
from tutor.core.practice.runner.runuser import RunUser, claim_run_user, others_can_reach

SCRIPT = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from tutor.core.practice.runner import *

BOMB = '''
import os, socket, time
def f(n):
    made = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        made += 1
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=2)
        net = "connected"
    except OSError as err:
        net = type(err).__name__
    return [made, net, os.getuid(), os.environ.get("HOME") == os.getcwd()]
'''
canary = os.path.join(os.environ["HOME"], "canary")
open(canary, "w").write("mine")
READ = '''
def f(p):
    try:
        return open(p).read()
    except OSError as e:
        return type(e).__name__
'''
out = {}
r = run_function(BOMB, "python", "f", [FunctionCase("bomb", [200], 0)], Limits(), Compare())
out["limits"] = [r.results[0].got, r.network_cut]
r = run_function(READ, "python", "f", [FunctionCase("read", [canary], 0)], Limits(), Compare())
out["limits_read"] = r.results[0].got
ok, why = isolation_available(Isolation.STRICT)
out["strict_ok"] = [ok, why]
if ok:
    cases = [FunctionCase("read", [canary], 0)]
    r = run_function(READ, "python", "f", cases, Limits(), Compare(), Isolation.STRICT)
    out["strict_read"] = r.results[0].got
out["canary"] = open(canary).read()
print(json.dumps(out))
"""


def others_can_read(path: Path) -> bool:
    folders = all(os.stat(p).st_mode & stat.S_IXOTH for p in path.parents)
    return folders and bool(os.stat(path).st_mode & stat.S_IROTH)


@pytest.fixture
def ordinary_user() -> Iterator[RunUser]:
    if os.geteuid() != 0:
        pytest.skip("not root: every other runner test already runs as an ordinary user")
    user = claim_run_user()
    assert user is not None
    yield user
    user.release()  # kills anything of that uid still running


@pytest.mark.parametrize("sandbox", ["bwrap", "unshare"])
def test_an_ordinary_user_gets_namespaces_limits_and_strict(
    ordinary_user: RunUser, sandbox: str
) -> None:
    python = languages()["python"].programs.get("run")
    setpriv = tool("setpriv")
    if python is None or setpriv is None or not others_can_reach(python):
        pytest.skip("no Python (or setpriv) that another user can run")
    if not others_can_read(ROOT / "tutor" / "core" / "practice" / "runner" / "__init__.py"):
        pytest.skip(f"{ROOT} cannot be read by another user")
    home = tempfile.mkdtemp(prefix="tutor-test-home-")
    os.chown(home, ordinary_user.uid, ordinary_user.gid)
    os.chmod(home, 0o700)
    try:
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"}
        env["TUTOR_STRICT_SANDBOX"] = sandbox
        done = subprocess.run(
            [setpriv, f"--reuid={ordinary_user.uid}", f"--regid={ordinary_user.gid}",
             "--clear-groups", "--", python, "-I", "-c", SCRIPT, str(ROOT)],
            capture_output=True, text=True, env=env, cwd=home, timeout=240,
        )  # fmt: skip
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    made, net, uid, home_is_work = eval(seen["limits"][0])
    cut = seen["limits"][1]
    assert uid == ordinary_user.uid  # not root: the code runs as the user who ran tutor
    assert 0 < made < 64  # the limit counts only this run's processes (its own user namespace)
    assert home_is_work is True
    assert (net == "OSError") is cut  # unreachable: an empty network namespace
    assert seen["limits_read"] == "'mine'"  # LIMITS is not a jail: its own user's files
    assert seen["canary"] == "mine"
    ok, why = seen["strict_ok"]
    if not ok:
        pytest.skip(why)  # LIMITS was checked; this machine has no such STRICT sandbox
    assert seen["strict_read"] == "'FileNotFoundError'"
