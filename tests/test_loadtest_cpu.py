"""CPU accounting of the load test (bench/loadtest/cpu.py), on a fake /proc: the gunicorn workers, Locust itself and
only the PostgreSQL backends that serve the workers (the server is shared with other clients)."""

import os

from bench.loadtest import cpu

TICKS = os.sysconf("SC_CLK_TCK")
MASTER, WORKER, OUR_BACKEND, OTHER_BACKEND = 100, 101, 200, 201


def write_stat(proc, pid, comm, parent, user_ticks, system_ticks):
    # proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    fields = ["S", str(parent), *["0"] * 9, str(user_ticks), str(system_ticks), *["0"] * 6]
    (proc / str(pid)).mkdir(exist_ok=True)
    (proc / str(pid) / "stat").write_text(f"{pid} ({comm}) {' '.join(fields)}\n")
    (proc / str(pid) / "comm").write_text(comm + "\n")


def write_backend(proc, pid, client_port, ticks):
    write_stat(proc, pid, "postgres", 1, ticks, 0)
    title = f"postgres: 15/main: postgres avs_bench_national 127.0.0.1({client_port}) idle"
    (proc / str(pid) / "cmdline").write_bytes(title.encode() + b"\0")


def fake_proc(tmp_path, worker_ticks, backend_ticks, other_ticks, locust_ticks):
    proc = tmp_path / "proc"
    proc.mkdir(exist_ok=True)
    write_stat(proc, MASTER, "gunicorn", 1, 50, 0)
    write_stat(proc, WORKER, "gunicorn", MASTER, worker_ticks, worker_ticks)
    write_stat(proc, os.getpid(), "locust", 1, locust_ticks, 0)
    fd = proc / str(WORKER) / "fd"
    fd.mkdir(exist_ok=True)
    if not (fd / "7").is_symlink():
        (fd / "7").symlink_to("socket:[555]")
    (proc / "net").mkdir(exist_ok=True)
    header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    # The worker's connection from port 38000 (0x9470) to PostgreSQL (5432 = 0x1538), socket inode 555.
    line = "   0: 0100007F:9470 0100007F:1538 01 00000000:00000000 00:00000000 00000000   0        0 555 1 0 20 4 30 10 -1\n"
    (proc / "net" / "tcp").write_text(header + line)
    write_backend(proc, OUR_BACKEND, 38000, backend_ticks)
    write_backend(proc, OTHER_BACKEND, 38001, other_ticks)
    return proc


def test_each_figure_is_the_user_and_system_cpu_spent_between_two_snapshots_by_the_processes_of_the_test(tmp_path):
    start = cpu.Snapshot(MASTER, proc=fake_proc(tmp_path, TICKS, TICKS, TICKS, TICKS))
    end = cpu.Snapshot(MASTER, proc=fake_proc(tmp_path, 4 * TICKS, 3 * TICKS, 9 * TICKS, 2 * TICKS))

    assert end.since(start) == {"cpu_seconds": 6.0, "locust_cpu_seconds": 1.0, "postgres_cpu_seconds": 2.0}


def test_only_the_backends_connected_to_a_worker_are_counted(tmp_path):
    proc = fake_proc(tmp_path, TICKS, TICKS, TICKS, TICKS)

    ports = cpu.database_client_ports([WORKER], proc=proc)

    assert ports == {38000}
    assert cpu.postgres_backends(ports, proc=proc) == [OUR_BACKEND]
