"""CPU time of the processes a load test runs on one machine, read from /proc (proc(5)): the gunicorn workers, the
Locust process itself and the PostgreSQL backends serving the workers.

Locust and PostgreSQL share the cores with gunicorn: their CPU time is what the server could not use, and explains
the gap between the measured throughput and the CPU bound of the workers.
"""

import os
import re
from pathlib import Path

PROC = Path("/proc")
POSTGRES_PORT = 5432
# "postgres: 15/main: user database 127.0.0.1(38392) idle": the client's address and port, in parentheses.
CLIENT_PORT = re.compile(r"\((\d+)\)")


def stat_fields(pid, proc=PROC):
    """The fields of /proc/<pid>/stat after "pid (comm)", or None for a process that just ended."""
    try:
        return (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def ticks_seconds(fields):
    # Fields 14 and 15 of proc(5): user and system time, in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(parent, proc=PROC):
    """The pids whose parent is ``parent`` (field 4 of proc(5))."""
    found = []
    for stat in proc.glob("[0-9]*/stat"):
        fields = stat_fields(stat.parent.name, proc)
        if fields is not None and fields[1] == str(parent):
            found.append(int(stat.parent.name))
    return found


def cpu_seconds(pids, proc=PROC):
    """{pid: user + system CPU seconds so far} of the pids still running."""
    seconds = {}
    for pid in pids:
        fields = stat_fields(pid, proc)
        if fields is not None:
            seconds[pid] = ticks_seconds(fields)
    return seconds


def socket_inodes(pid, proc=PROC):
    inodes = set()
    try:
        links = list((proc / str(pid) / "fd").iterdir())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return inodes
    for link in links:
        try:
            target = os.readlink(link)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def database_client_ports(pids, proc=PROC, server_port=POSTGRES_PORT):
    """The local ports of the TCP connections the pids hold to ``server_port`` (/proc/net/tcp and tcp6)."""
    inodes = set().union(*(socket_inodes(pid, proc) for pid in pids)) if pids else set()
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            # sl, local address:port, remote address:port, state, queues, timers, retransmits, uid, timeout, inode
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes and int(fields[2].rsplit(":", 1)[1], 16) == server_port:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def postgres_backends(client_ports, proc=PROC):
    """The pids of the PostgreSQL backends whose client is one of ``client_ports`` (from their process title)."""
    backends = []
    for comm in proc.glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "postgres":
                continue
            title = (comm.parent / "cmdline").read_bytes().decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError):
            continue
        match = CLIENT_PORT.search(title)
        if match and int(match.group(1)) in client_ports:
            backends.append(int(comm.parent.name))
    return backends


class Snapshot:
    """CPU seconds so far of the gunicorn workers (children of ``master``), of this process and of the PostgreSQL
    backends serving the workers; ``since`` gives what each spent between two snapshots."""

    def __init__(self, master, proc=PROC):
        self.proc = proc
        workers = children(master, proc) if master else []
        self.workers = cpu_seconds(workers, proc)
        self.locust = cpu_seconds([os.getpid()], proc).get(os.getpid())
        self.postgres = cpu_seconds(postgres_backends(database_client_ports(workers, proc), proc), proc) if workers else {}
        self.master = master

    def since(self, start):
        """{"cpu_seconds", "locust_cpu_seconds", "postgres_cpu_seconds"} from ``start`` to this snapshot; a process
        born in between counts from zero, one that ended in between is lost (workers and backends are long-lived)."""

        def spent(now, before):
            return round(sum(seconds - before.get(pid, 0) for pid, seconds in now.items()), 2)

        return {
            "cpu_seconds": spent(self.workers, start.workers) if self.master else None,
            "locust_cpu_seconds": round(self.locust - start.locust, 2) if self.locust is not None else None,
            "postgres_cpu_seconds": spent(self.postgres, start.postgres) if self.master else None,
        }
