#!/usr/bin/python3
"""The tables bench/dht-compare.sh prints, from the JSON each side wrote and, when the script captured
them, the datagrams each side sent on the loopback (OUT/peerlink.pcapng, OUT/opendht.pcapng).

usage: bench/dht_compare_report.py OUT

Messages per get are counted the same way on both sides when there is a capture: every UDP datagram
sent from the side's ports, classified by its payload (P2PP: the T and A bits of the common header;
OpenDHT: the msgpack message's "y" field, q = query, r = reply, e = error), from the first get until
the drain after the last one, less the idle network's rate (measured over an idle window after the
puts, before the gets) times that window. Each side's JSON has its own in-process count too (Peerlink:
every datagram by kind; OpenDHT: the requests getNodeMessageStats reports, no replies).
"""

import json
import math
import os
import subprocess
import sys

P2PP_COOKIE = bytes.fromhex("596abf0d")


def load(out, name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            lines = [line for line in f.read().splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except OSError:
        return None


def p2pp_kind(payload):
    """request, response, ack, indication or other, from the P2PP common header (§9.1)."""
    if len(payload) < 16 or payload[4:8] != P2PP_COOKIE:
        return "other"
    if payload[0] & 0x08:
        return "ack"
    return {0: "request", 1: "indication"}.get((payload[0] >> 4) & 3, "response")


def opendht_kind(payload):
    """request or response (replies and errors), from the "y" field of OpenDHT's msgpack message."""
    if b"\xa1y\xa1q" in payload:
        return "request"
    if b"\xa1y\xa1r" in payload or b"\xa1y\xa1e" in payload:
        return "response"
    # A message without "y" in the captured bytes: its first key says (requests start with "a", replies with "r").
    if len(payload) > 2 and payload[1] == 0xA1:
        return {ord("a"): "request", ord("r"): "response", ord("e"): "response"}.get(payload[2], "other")
    return "other"


def read_capture(path, classify):
    """(time, kind) of every datagram in the capture, in order; None when there is none or tshark fails."""
    if not os.path.exists(path):
        return None
    cmd = ["timeout", "900", "tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "udp.payload"]
    packets = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as p:
        for line in p.stdout:
            t, _, hexdata = line.rstrip("\n").partition("\t")
            if t:
                packets.append((float(t), classify(bytes.fromhex(hexdata.replace(":", "")))))
    return packets if p.returncode == 0 else None


def count(packets, start, end):
    kinds = {"request": 0, "response": 0, "ack": 0, "indication": 0, "other": 0}
    for t, kind in packets:
        if start <= t <= end:
            kinds[kind] += 1
    return kinds


def per_get(packets, idle, window, gets):
    """Datagrams per get in the get window, less the idle window's rate; by kind, and both totals."""
    idle_s = idle[1] - idle[0]
    window_s = window[-1] - window[0]
    quiet, busy = count(packets, *idle), count(packets, window[0], window[-1])
    net = {k: (busy[k] - quiet[k] * window_s / idle_s) / gets for k in busy}
    net["without_acks"] = net["request"] + net["response"] + net["indication"] + net["other"]
    net["with_acks"] = net["without_acks"] + net["ack"]
    net["idle_per_s"] = sum(quiet.values()) / idle_s
    net["raw_per_get"] = sum(busy.values()) / gets
    return net


def fmt(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.{digits}f}" if isinstance(x, float) else f"{x:,}"


def table(head, rows):
    print("| " + " | ".join(head) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(head) - 1)) + " |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


def main():
    out = sys.argv[1]
    pl, odt = load(out, "peerlink"), load(out, "opendht")

    # 1. Operations and latency, as before (ratios: ops/s Peerlink/OpenDHT; latency OpenDHT/Peerlink).
    rows = []

    def row(label, s, puts=True):
        rows.append([label, fmt(s["nodes"]), fmt(s["puts"]) if puts else "(same)", fmt(s["gets"]),
                     fmt(s["put_ops_s"]) if puts else "", fmt(s["get_ops_s"]),
                     fmt(s["get_p50_ms"], 2), fmt(s["get_p99_ms"], 2), f'{s["gets_found"]:,}/{s["gets"]:,}'])

    def ratio(label, a, b):
        def r(x, y):
            return f"{x / y:,.2f}x" if x and y else "n/a"
        rows.append([label, "", "", "", r(a["put_ops_s"], b.get("put_ops_s")) if "put_ops_s" in b else "",
                     r(a["get_ops_s"], b["get_ops_s"]), r(b["get_p50_ms"], a["get_p50_ms"]), r(b["get_p99_ms"], a["get_p99_ms"]), ""])

    if pl:
        row(f'Peerlink ({pl.get("topology", "chord")}, {pl["client"]}, {pl["routing"]})', pl)
    if odt:
        row("OpenDHT (get stops at first value)", odt)
        if "until_done" in odt:
            row("OpenDHT (get runs until done)", dict(odt["until_done"], nodes=odt["nodes"]), puts=False)
    if pl and odt:
        ratio("ratio vs first value (ops/s: Peerlink/OpenDHT; latency: OpenDHT/Peerlink)", pl, odt)
        if "until_done" in odt:
            ratio("ratio vs until done", pl, odt["until_done"])
    table(["side", "nodes", "puts", "gets", "put ops/s", "get ops/s", "get p50 ms", "get p99 ms", "gets found"], rows)

    # 2. Messages per get, each way of counting.
    pl_cap = read_capture(os.path.join(out, "peerlink.pcapng"), p2pp_kind) if pl and "unix_get" in pl else None
    odt_cap = read_capture(os.path.join(out, "opendht.pcapng"), opendht_kind) if odt and odt.get("idle_messages") else None
    pl_wire = per_get(pl_cap, pl["unix_idle"], pl["unix_get"], pl["gets"]) if pl_cap else None
    odt_wire = odt_wire_done = None
    if odt_cap:
        idle = odt["idle_messages"]["unix_idle"]
        if odt.get("messages"):
            odt_wire = per_get(odt_cap, idle, odt["messages"]["unix_get"], odt["gets"])
        if (odt.get("until_done") or {}).get("messages"):
            odt_wire_done = per_get(odt_cap, idle, odt["until_done"]["messages"]["unix_get"], odt["until_done"]["gets"])

    mrows = []
    if pl and "messages" in pl:
        m = pl["messages"]["per_get"]
        mrows.append(["Peerlink", "in-process (engine sends)", fmt(m["requests"], 2), fmt(m["responses"], 2), fmt(m["acks"], 2),
                      fmt(m["without_acks"], 2), fmt(m["with_acks"], 2), fmt(pl["messages"]["idle_per_s"]["without_acks"] + pl["messages"]["idle_per_s"]["acks"])])
    if pl_wire:
        mrows.append(["Peerlink", "capture on lo", fmt(pl_wire["request"], 2), fmt(pl_wire["response"], 2), fmt(pl_wire["ack"], 2),
                      fmt(pl_wire["without_acks"], 2), fmt(pl_wire["with_acks"], 2), fmt(pl_wire["idle_per_s"])])
    for label, s, wire in (("OpenDHT, first value", odt, odt_wire), ("OpenDHT, until done", (odt or {}).get("until_done"), odt_wire_done)):
        if s and s.get("messages"):
            mrows.append([label, "in-process (getNodeMessageStats: requests only)", fmt(s["messages"]["requests_per_get"], 2), "", "", "", "",
                          fmt(odt["idle_messages"]["requests_per_s"])])
        if wire:
            mrows.append([label, "capture on lo", fmt(wire["request"], 2), fmt(wire["response"], 2), "(none)",
                          fmt(wire["without_acks"], 2), fmt(wire["without_acks"], 2), fmt(wire["idle_per_s"])])
    if mrows:
        print()
        print("Messages per get (idle rate subtracted; OpenDHT has no hop-by-hop ACKs, so its two totals are the same):")
        print()
        table(["side", "counted by", "requests", "responses", "ACKs", "req + resp", "req + resp + ACKs", "idle msgs/s"], mrows)

    # 3. The goal of issue 4, item 4: at most as many messages per lookup, no slower.
    if pl and odt:
        pl_msgs = pl_wire or (pl.get("messages") or {}).get("per_get")
        if pl_wire:
            pl_without, pl_with, how = pl_wire["without_acks"], pl_wire["with_acks"], "capture on lo, both sides"
        elif pl_msgs:
            pl_without, pl_with, how = pl_msgs["without_acks"], pl_msgs["with_acks"], "in-process"
        else:
            pl_without = pl_with = how = None
        if odt_wire:
            odt_msgs = odt_wire["without_acks"]
        elif odt.get("messages"):
            odt_msgs = 2 * odt["messages"]["requests_per_get"]
            how = (how or "") + "; OpenDHT estimated as 2 x its requests (one reply each), no capture"
        else:
            odt_msgs = None

        def r(a, b, goal):
            if a is None or b is None or not b:
                return ["n/a", "n/a"]
            x = a / b
            return [f"{x:,.2f}", "met" if x <= 1 else "not met"] if goal else [f"{x:,.2f}", ""]
        grows = [
            ["messages per get, requests + responses", fmt(pl_without, 2), fmt(odt_msgs, 2), *r(pl_without, odt_msgs, True)],
            ["messages per get, with Peerlink's ACKs", fmt(pl_with, 2), fmt(odt_msgs, 2), *r(pl_with, odt_msgs, True)],
            ["get latency p50 ms", fmt(pl["get_p50_ms"], 2), fmt(odt["get_p50_ms"], 2), *r(pl["get_p50_ms"], odt["get_p50_ms"], True)],
            ["get latency p99 ms", fmt(pl["get_p99_ms"], 2), fmt(odt["get_p99_ms"], 2), *r(pl["get_p99_ms"], odt["get_p99_ms"], True)],
            ["gets per second", fmt(pl["get_ops_s"]), fmt(odt["get_ops_s"]), *r(pl["get_ops_s"], odt["get_ops_s"], False)],
            ["gets that found the value", f'{pl["gets_found"]:,}/{pl["gets"]:,}', f'{odt["gets_found"]:,}/{odt["gets"]:,}', "", ""],
        ]
        print()
        print(f"Goal (issue 4, item 4): at most as many messages per lookup, no slower; Peerlink/OpenDHT <= 1 (first-value gets; messages: {how}):")
        print()
        table(["measure", "Peerlink", "OpenDHT", "Peerlink/OpenDHT", "goal"], grows)

    # 4. A line of details per side.
    print()
    if pl:
        settle = f'settle {pl["settle_s"]} s'
        settle += f' (ring exact: {pl["ring_wrong_entries"] == 0})' if pl.get("topology", "chord") == "chord" else f' ({"converged" if pl.get("settled") else "NOT converged"}: {pl.get("settle_state")})'
        print(f'- Peerlink: {settle}, idle CPU {pl["idle_cpu_pct"]} %, '
              f'put p50/p99 {pl["put_p50_ms"]}/{pl["put_p99_ms"]} ms, CPU per put/get {pl["cpu_ms_per_put"]}/{pl["cpu_ms_per_get"]} ms, '
              f'packets per put/get {pl["packets_per_put"]}/{pl["packets_per_get"]}, hops per get {pl["get_mean_hops"]}, '
              f'retransmissions {pl["retransmissions"]}, drops {pl["receives_dropped"] + pl["sends_dropped"]}, '
              f'allocated per put/get {pl["allocated_kb_per_put"]}/{pl["allocated_kb_per_get"]} KiB, GC gen0/gen2 {pl["gc_gen0"]}/{pl["gc_gen2"]}')
        if "messages" in pl:
            print(f'- Peerlink requests sent in the get window, by type: {pl["messages"]["get_raw"]["request_types"]}; '
                  f'idle window: {pl["messages"]["idle_request_types"]} in {pl["messages"]["idle_s"]} s')
    if odt:
        d = (f'settle {odt["settle_s"]} s (smallest routing table {odt["smallest_routing_table"]}), idle CPU {odt["idle_cpu_pct"]} %, '
             f'put p50/p99 {odt["put_p50_ms"]}/{odt["put_p99_ms"]} ms, CPU per put/get {odt["cpu_ms_per_put"]}/{odt["cpu_ms_per_get"]} ms, '
             f'writer stores "{odt["writer_storage"]}", reader stores "{odt["reader_storage"]}"')
        if "until_done" in odt:
            u = odt["until_done"]
            d += f'; until done: first value p50/p99 {u["get_first_value_p50_ms"]}/{u["get_first_value_p99_ms"]} ms, CPU per get {u["cpu_ms_per_get"]} ms'
        print(f"- OpenDHT: {d}")
        if odt.get("messages"):
            print(f'- OpenDHT requests sent in the get window, by type: {odt["messages"]["get_raw_requests"]}; '
                  f'idle window: {odt["idle_messages"]["requests"]} in {odt["idle_messages"]["idle_s"]} s')
    for name, file in (("Peerlink", "peerlink.rcvbuf"), ("OpenDHT", "opendht.rcvbuf")):
        try:
            with open(os.path.join(out, file)) as f:
                print(f"- {name}: {int(f.read().strip()):,} UDP datagrams dropped by full socket receive buffers while it ran "
                      "(/proc/net/snmp RcvbufErrors: system-wide, other programs' too)")
        except (OSError, ValueError):
            pass
    for name, wire in (("Peerlink", pl_wire), ("OpenDHT (first value)", odt_wire)):
        if wire:
            print(f'- {name} on the wire: {wire["raw_per_get"]:.2f} datagrams per get before the idle rate ({wire["idle_per_s"]:.1f}/s) is subtracted')


if __name__ == "__main__":
    main()
