#!/usr/bin/python3
"""The OpenDHT half of bench/dht-compare.sh (see bench/README.md).

Starts NODES OpenDHT nodes (python3-opendht's DhtRunner, 2.4.12) in this process on 127.0.0.1:BASE..,
each bound to 127.0.0.1 only, network id NETWORK, bootstrapped to the first node by address. The
workload runs on client runners, which are DHT nodes themselves (that is what a DhtRunner is),
started with the others on the next ports:

  writer  BASE+NODES    does the OPS puts of random keys (20-byte random values);
  reader  BASE+NODES+1  does the OPS gets of the same keys, each get stopping at the first value;
  reader2 BASE+NODES+2  does the OPS gets again, each running until OpenDHT's search is done
                        (skipped with --no-until-done).

With --same-client the writer does all three. Every phase keeps WINDOW operations outstanding (each
completion starts the next from the callback). One JSON object goes to stdout, progress to stderr.

Why separate writer and readers: OpenDHT's put also stores the value in the putting node's own
storage, and its get first answers from local storage, so gets from the node that did the puts never
leave the process. And why a fresh reader for the second pass: a node keeps a search per key for a
while; a second pass over the same keys on the same node would reuse them, already synced.

Get latency, "first value": from just before get() to the first value, where the get callback
returns False, which ends the get (OpenDHT then calls the done callback at once): the same semantics
as a Peerlink get, which completes when the value arrives. A get that finds nothing counts to "done".
"until done": to the done callback, as OpenDHT's blocking get() returns; the time to the first value
within it is reported too.

Rate limits: OpenDHT limits requests per second per source IP (1024/s by default). Every node here
shares 127.0.0.1, so the limits are turned off (-1), as OpenDHT's own loopback tests and its
perftest tool do.

Messages: DhtRunner.getNodeMessageStats() returns, and resets, the requests a node has sent since the
last call, by type (ping, find, get, listen, put; first transmissions only: a retransmission is not
counted, nor is a reply). The sum over all nodes is read after the puts, after an idle window of
IDLE-WINDOW seconds, and DRAIN seconds after each get pass; the idle rate is subtracted. Replies are
not visible in-process: bench/dht-compare.sh counts every datagram on the wire with a capture, and the
phases' wall-clock times ("unix_*") are in the JSON to line them up with it. The stats are read only
while no operation is pending (the call holds the GIL while it waits for the runner's lock).
"""

import argparse
import json
import math
import os
import random
import socket
import sys
import threading
import time

import opendht as dht


def log(text, end="\n"):
    sys.stderr.write(text + end)
    sys.stderr.flush()


def percentile(values, p):
    """Nearest rank, as Peerlink.DhtCompare computes it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


# The order of DhtRunner.getNodeMessageStats()'s counts.
STAT_NAMES = ("ping", "find", "get", "listen", "put")


def routing_table_size(runner):
    text = runner.getRoutingTablesLog(socket.AF_INET)
    return sum(1 for line in text.splitlines() if line.strip().startswith("Node "))


class Phase:
    """A closed loop: WINDOW operations outstanding; each completion starts the next (from the callback)."""

    def __init__(self, name, count, window, start_op, timeout_s):
        self.name = name
        self.count = count
        self.window = min(window, count)
        self.start_op = start_op
        self.timeout_s = timeout_s
        self.lock = threading.Lock()
        self.next = 0
        self.done = 0
        self.ok = 0
        self.latency_ms = [None] * count
        self.first_ms = [None] * count
        self.finished = threading.Event()
        self.seconds = float("nan")
        self.cpu_s = float("nan")

    def _take(self):
        with self.lock:
            if self.next >= self.count:
                return None
            i = self.next
            self.next += 1
            return i

    def launch(self):
        i = self._take()
        if i is not None:
            self.start_op(i, time.perf_counter_ns(), self)

    def complete(self, i, latency_ns, ok, first_ns=None):
        with self.lock:
            if self.latency_ms[i] is not None:
                return  # a late second completion of the same op
            self.latency_ms[i] = latency_ns / 1e6
            self.first_ms[i] = None if first_ns is None else first_ns / 1e6
            self.done += 1
            self.ok += 1 if ok else 0
            all_done = self.done == self.count
        if all_done:
            self.finished.set()
        else:
            self.launch()

    def run(self):
        started = time.perf_counter()
        cpu0 = time.process_time()
        for _ in range(self.window):
            self.launch()
        deadline = started + self.timeout_s
        while not self.finished.wait(1.0):
            log(f"\ropendht: {self.name} {self.done}/{self.count}", end="")
            if time.perf_counter() > deadline:
                log(f"\nopendht: {self.name} gave up after {self.timeout_s:.0f} s with {self.done}/{self.count} done")
                break
        self.seconds = time.perf_counter() - started
        self.cpu_s = time.process_time() - cpu0
        log(f"\ropendht: {self.name} {self.done}/{self.count} in {self.seconds:.1f} s")
        return self

    @property
    def complete_run(self):
        return self.done == self.count

    def latencies(self):
        return [v for v in self.latency_ms if v is not None]

    def firsts(self):
        return [v for v in self.first_ms if v is not None]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=64)
    ap.add_argument("--ops", type=int, default=10000)
    ap.add_argument("--window", type=int, default=16)
    ap.add_argument("--base-port", type=int, default=42100)
    ap.add_argument("--network", type=int, default=42, help="OpenDHT network id (not 0: that is the public network)")
    ap.add_argument("--value-bytes", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--settle-min", type=float, default=10.0, help="seconds to wait at least after the last node starts")
    ap.add_argument("--settle-timeout", type=float, default=60.0)
    ap.add_argument("--phase-timeout", type=float, default=600.0, help="longest one phase (all puts, or all gets) may take")
    ap.add_argument("--idle-window", type=float, default=10.0, help="seconds the idle network's messages are counted, after the puts")
    ap.add_argument("--drain", type=float, default=2.0, help="seconds a phase's messages are still counted after its last operation")
    ap.add_argument("--warmup", type=int, default=0, help="gets of keys nobody put, from the reader, after the puts; neither timed nor counted")
    ap.add_argument("--no-until-done", action="store_true", help="skip the second get pass (gets that run until done)")
    ap.add_argument("--same-client", action="store_true", help="one runner does the puts and the gets (its gets are answered locally)")
    a = ap.parse_args()
    if a.network == 0:
        ap.error("--network 0 is OpenDHT's public network")
    if not (1 <= a.nodes <= 1000 and 1 <= a.ops and 1 <= a.window and 1024 <= a.base_port and a.base_port + a.nodes + 3 < 65536):
        ap.error("bad --nodes/--ops/--window/--base-port")
    until_done = not a.no_until_done

    # Whatever happens, this process ends: a watchdog for the whole run. (It needs the GIL, so it
    # cannot end a deadlock inside the native library; bench/dht-compare.sh runs this under timeout.)
    budget = a.settle_timeout + 4 * a.phase_timeout + a.idle_window + 3 * a.drain + 120
    watchdog = threading.Timer(budget, lambda: (log(f"opendht: watchdog: still running after {budget:.0f} s, exiting"), os._exit(3)))
    watchdog.daemon = True
    watchdog.start()

    cfg = dht.DhtConfig()
    cfg.setNetwork(a.network)
    cfg.setRateLimit(-1, -1)

    def start_runner(port):
        r = dht.DhtRunner()
        r.run(port=port, ipv4="127.0.0.1", config=cfg)  # binds 127.0.0.1 only, no IPv6 socket
        return r

    runners = []
    for i in range(a.nodes):
        r = start_runner(a.base_port + i)
        if i > 0:
            r.bootstrap("127.0.0.1", str(a.base_port))
        runners.append(r)
        log(f"\ropendht: started {i + 1}/{a.nodes}", end="")
    clients = []
    for i in range(1 if a.same_client else (3 if until_done else 2)):
        c = start_runner(a.base_port + a.nodes + i)
        c.bootstrap("127.0.0.1", str(a.base_port))
        clients.append(c)
    writer = clients[0]
    reader = clients[min(1, len(clients) - 1)]
    reader2 = clients[min(2, len(clients) - 1)]
    log("")
    bound = [str(r.getBound()) for r in runners + clients]
    if any(not b.startswith("127.0.0.1:") for b in bound):
        log(f"opendht: a node is not bound to 127.0.0.1: {bound}")
        os._exit(4)

    # Settle: at least --settle-min seconds, and until every node knows at least min(8, n-1) others.
    need = min(8, a.nodes)
    t0 = time.perf_counter()
    while True:
        time.sleep(1.0)
        sizes = [routing_table_size(r) for r in runners + clients]
        waited = time.perf_counter() - t0
        log(f"\ropendht: settling, smallest routing table {min(sizes)} after {waited:.0f} s   ", end="")
        if (waited >= a.settle_min and min(sizes) >= need) or waited >= a.settle_timeout:
            break
    settle_s = time.perf_counter() - t0
    smallest_table = min(sizes)
    log(f"\ropendht: settled after {settle_s:.0f} s, smallest routing table {smallest_table} nodes")

    # What the idle network costs (maintenance, timers), over 5 s.
    cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(5.0)
    idle_cpu_pct = (time.process_time() - cpu0) / (time.perf_counter() - wall0) * 100

    rng = random.Random(a.seed)
    keys = [dht.InfoHash(rng.randbytes(20).hex().encode()) for _ in range(a.ops)]
    values = [rng.randbytes(a.value_bytes) for _ in range(a.ops)]

    def start_put(i, t_ns, phase):
        def done(ok, nodes):
            phase.complete(i, time.perf_counter_ns() - t_ns, ok)
        writer.put(keys[i], dht.Value(values[i]), done_cb=done)

    def make_get(runner, stop_at_first, keys=keys, values=values):
        def start_get(i, t_ns, phase):
            state = {"first": None, "found": False}

            def got(v):
                if bytes(v.data) != values[i]:
                    return True
                if state["first"] is None:
                    state["first"] = time.perf_counter_ns() - t_ns
                state["found"] = True
                return not stop_at_first  # False ends the get at once

            def done(ok, nodes):
                end = time.perf_counter_ns() - t_ns
                latency = state["first"] if stop_at_first and state["found"] else end
                phase.complete(i, latency, state["found"], state["first"])
            runner.get(keys[i], get_cb=got, done_cb=done)
        return start_get

    everyone = runners + clients

    def requests_sent():
        """Requests sent by all nodes since the last call (the stats reset when read), by type."""
        total = [0] * len(STAT_NAMES)
        for r in everyone:
            for i, n in enumerate(list(r.getNodeMessageStats())[:len(STAT_NAMES)]):
                total[i] += n
        return dict(zip(STAT_NAMES, total))

    puts = Phase("put", a.ops, a.window, start_put, a.phase_timeout).run()

    # Optional warm-up, as Peerlink's (which compiles its lookup path on first use): gets of keys nobody put.
    quiet = puts.complete_run
    if a.warmup > 0 and quiet:
        absent = [dht.InfoHash(rng.randbytes(20).hex().encode()) for _ in range(a.warmup)]
        quiet = Phase("warm-up get", a.warmup, a.window, make_get(reader, True, absent, [None] * a.warmup), a.phase_timeout).run().complete_run

    # The idle network's requests after the puts, in the state the gets start in.
    time.sleep(a.drain)
    idle = None
    if quiet:
        requests_sent()
        idle_unix = [time.time()]
        idle_clock = time.perf_counter()
        time.sleep(a.idle_window)
        idle = requests_sent()
        idle_s = time.perf_counter() - idle_clock
        idle_unix.append(time.time())

    def measured(phase_name, start):
        """Runs a get pass; returns it with its requests (sent until DRAIN s after its end) and its times."""
        clock = time.perf_counter()
        unix = [time.time()]
        phase = Phase(phase_name, a.ops, a.window, start, a.phase_timeout).run()
        unix.append(time.time())
        time.sleep(a.drain)
        sent = requests_sent() if phase.complete_run and idle is not None else None
        unix.append(time.time())
        return phase, sent, time.perf_counter() - clock, unix

    if idle is not None:
        requests_sent()  # what came between the idle window and the gets
    gets, gets_sent, gets_window, gets_unix = measured("get", make_get(reader, True))
    gets2, gets2_sent, gets2_window, gets2_unix = measured("get-until-done", make_get(reader2, False)) if until_done else (None, None, 0, None)
    phases = [p for p in (puts, gets, gets2) if p is not None]

    def messages(sent, window_s, unix, count):
        if sent is None:
            return None
        scale = window_s / idle_s
        total, idle_total = sum(sent.values()), sum(idle.values())
        return {
            "method": "requests every node sent (getNodeMessageStats: first transmissions, no replies) from the first get until the drain "
                      "after the last one, less the idle rate (measured after the puts) times that window",
            "get_window_s": round(window_s, 2),
            "get_raw_requests": sent,
            "requests_per_get": round((total - idle_total * scale) / count, 2),
            "requests_per_get_idle_included": round(total / count, 2),
            "unix_get": [round(t, 3) for t in unix],
        }

    def storage_summary(r):
        # getStorageLog() waits for the runner's lock while holding the GIL: only when no callback can be pending.
        if not all(p.complete_run for p in phases):
            return "not read (operations still pending)"
        text = r.getStorageLog().strip()
        return text.splitlines()[-1] if text else ""

    def r3(x):
        return round(x, 3)

    summary = {
        "side": "opendht",
        "nodes": a.nodes,
        "client": "one runner (a DHT node) puts and gets" if a.same_client else "a writer runner puts, a reader runner gets (DHT nodes)",
        "window": a.window,
        "warmup_gets": a.warmup,
        "value_bytes": a.value_bytes,
        "settle_s": round(settle_s, 1),
        "smallest_routing_table": smallest_table,
        "idle_cpu_pct": round(idle_cpu_pct, 1),
        "puts": puts.count,
        "puts_ok": puts.ok,
        "puts_completed": puts.done,
        "put_s": r3(puts.seconds),
        "put_ops_s": round(puts.done / puts.seconds, 1),
        "put_p50_ms": r3(percentile(puts.latencies(), 50)),
        "put_p99_ms": r3(percentile(puts.latencies(), 99)),
        "gets": gets.count,
        "gets_found": gets.ok,
        "gets_completed": gets.done,
        "get_s": r3(gets.seconds),
        "get_ops_s": round(gets.done / gets.seconds, 1),
        "get_p50_ms": r3(percentile(gets.latencies(), 50)),
        "get_p90_ms": r3(percentile(gets.latencies(), 90)),
        "get_p99_ms": r3(percentile(gets.latencies(), 99)),
        "get_max_ms": r3(percentile(gets.latencies(), 100)),
        "get_latency": "to the first value; the get stops there (get callback returns False)",
        "cpu_ms_per_put": r3(puts.cpu_s * 1000 / puts.count),
        "cpu_ms_per_get": r3(gets.cpu_s * 1000 / gets.count),
        "writer_storage": storage_summary(writer),
        "reader_storage": storage_summary(reader),
    }
    if idle is not None:
        summary["idle_messages"] = {
            "idle_s": round(idle_s, 2),
            "requests_per_s": round(sum(idle.values()) / idle_s, 1),
            "requests": idle,
            "unix_idle": [round(t, 3) for t in idle_unix],
        }
        summary["messages"] = messages(gets_sent, gets_window, gets_unix, gets.count)
    if gets2 is not None:
        summary["until_done"] = {
            "gets": gets2.count,
            "gets_found": gets2.ok,
            "gets_completed": gets2.done,
            "get_s": r3(gets2.seconds),
            "get_ops_s": round(gets2.done / gets2.seconds, 1),
            "get_p50_ms": r3(percentile(gets2.latencies(), 50)),
            "get_p90_ms": r3(percentile(gets2.latencies(), 90)),
            "get_p99_ms": r3(percentile(gets2.latencies(), 99)),
            "get_max_ms": r3(percentile(gets2.latencies(), 100)),
            "get_first_value_p50_ms": r3(percentile(gets2.firsts(), 50)),
            "get_first_value_p99_ms": r3(percentile(gets2.firsts(), 99)),
            "get_latency": "to OpenDHT's done callback (the search runs to its end)",
            "cpu_ms_per_get": r3(gets2.cpu_s * 1000 / gets2.count),
            "reader_storage": storage_summary(reader2),
            "messages": messages(gets2_sent, gets2_window, gets2_unix, gets2.count) if idle is not None else None,
        }
    print(json.dumps(summary), flush=True)

    # No DhtRunner.shutdown()/join(): join() holds the GIL while the runner's thread may need it for a
    # callback (a deadlock seen here). Exiting at once skips the interpreter's teardown of the native
    # runners; the kernel closes their sockets.
    log("opendht: done")
    os._exit(0 if all(p.complete_run for p in phases) else 1)


if __name__ == "__main__":
    main()
