#!/usr/bin/python3
"""Browses one DNS-SD service type with python-zeroconf, for Peerlink's interop tests.

Run it with Debian's /usr/bin/python3 inside a network namespace the test made; it binds only the
given interface address. Prints one JSON line per event: "added", "updated" (both resolved: server,
addresses, port, txt as a dict of strings) or "removed", and exits after --seconds or on SIGTERM/SIGINT.
"""
import argparse
import json
import signal
import threading

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf

EVENTS = {
    ServiceStateChange.Added: "added",
    ServiceStateChange.Updated: "updated",
    ServiceStateChange.Removed: "removed",
}


def text(value):
    return None if value is None else value.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interface-ip", required=True)
    parser.add_argument("--type", required=True, help="service type, e.g. _http._tcp")
    parser.add_argument("--seconds", type=float, required=True)
    arguments = parser.parse_args()
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)

    print_lock = threading.Lock()

    def emit(record):
        with print_lock:
            print(json.dumps(record, ensure_ascii=False), flush=True)

    def on_change(zeroconf, service_type, name, state_change):
        record = {"event": EVENTS[state_change], "name": name, "instance": name[: -len(service_type) - 1]}
        if state_change is not ServiceStateChange.Removed:
            info = zeroconf.get_service_info(service_type, name, timeout=3000)
            if info is not None:
                record.update({
                    "server": info.server,
                    "addresses": info.parsed_addresses(),
                    "port": info.port,
                    "txt": {text(k): text(v) for k, v in info.properties.items()},
                })
        emit(record)

    service_type = arguments.type.rstrip(".") + ".local."
    zc = Zeroconf(interfaces=[arguments.interface_ip], ip_version=IPVersion.V4Only)
    try:
        browser = ServiceBrowser(zc, service_type, handlers=[on_change])
        emit({"event": "browsing", "name": service_type})
        signal.sigtimedwait(stop_signals, arguments.seconds)
        browser.cancel()
    finally:
        zc.close()


if __name__ == "__main__":
    main()
