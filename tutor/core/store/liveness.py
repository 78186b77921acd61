"""Who is writing a streaming reply, and turning replies whose writer died into 'interrupted'.

A reply row carries a writer tag ``host:pid:start``; ``start`` is the process start time
from ``/proc/<pid>/stat`` (clock ticks since boot) where /proc exists, else empty. On
another host we cannot tell, so such rows are left alone. On this host the writer is dead
when its pid is gone, or when the pid now belongs to a process that started at another
time (the pid was reused after a crash or reboot).
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

from tutor.core.store.database import writing


def process_start(pid: int) -> str:
    """The start time of ``pid`` as /proc gives it, or "" when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""  # field 22 of the whole line


def writer_tag() -> str:
    """The tag of this process: ``host:pid:start``."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{process_start(pid)}"


def writer_is_dead(tag: str | None) -> bool:
    """True only when we are sure the tagged writer no longer runs."""
    if not tag:
        return True  # no writer recorded: nobody can still finish this row
    parts = tag.rsplit(":", 2)
    if len(parts) != 3:
        return False
    host, pid_text, start = parts
    if host != socket.gethostname():
        return False
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists, owned by someone else
    except OSError:
        return False
    now = process_start(pid)
    return bool(start and now and start != now)


def recover_interrupted(conn: sqlite3.Connection) -> list[int]:
    """Mark streaming replies of dead writers as 'interrupted' (text kept); returns their ids."""
    rows = conn.execute(
        "SELECT id, writer FROM messages WHERE status = 'streaming' ORDER BY id"
    ).fetchall()
    dead = [mid for mid, writer in rows if writer_is_dead(writer)]
    if not dead:
        return []
    with writing(conn):
        for mid in dead:
            conn.execute(
                "UPDATE messages SET status = 'interrupted', finish_reason = NULL "
                "WHERE id = ? AND status = 'streaming'",
                (mid,),
            )
    return dead
