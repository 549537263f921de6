#!/usr/bin/python3
"""Publishes one DNS-SD service with python-zeroconf, for Peerlink's interop tests.

Run it with Debian's /usr/bin/python3 inside a network namespace the test made. It binds only the
given interface address (the default would bind every interface, on the host that is one leading off
the machine), prints a JSON line just before registering and one once the service is registered
(probing done), then withdraws it with goodbye packets on SIGTERM or SIGINT, or after --seconds, and exits.
"""
import argparse
import json
import signal
import socket

from zeroconf import IPVersion, ServiceInfo, Zeroconf


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interface-ip", required=True)
    parser.add_argument("--name", required=True, help="instance name, e.g. 'Büro Drucker'")
    parser.add_argument("--type", required=True, help="service type, e.g. _http._tcp")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", required=True, help="host name without .local")
    parser.add_argument("--txt", action="append", default=[], help="key=value, or a bare key; repeatable")
    parser.add_argument("--seconds", type=float, required=True, help="withdraw after this long at the latest")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    # Blocked before any zeroconf thread exists, so every thread inherits the mask and the signal
    # waits for sigtimedwait below instead of interrupting a worker.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)

    service_type = arguments.type.rstrip(".") + ".local."
    properties = {}
    for entry in arguments.txt:
        key, has_value, value = entry.partition("=")
        properties[key] = value if has_value else None

    zc = Zeroconf(interfaces=[arguments.interface_ip], ip_version=IPVersion.V4Only)
    try:
        info = ServiceInfo(
            service_type,
            f"{arguments.name}.{service_type}",
            addresses=[socket.inet_aton(arguments.interface_ip)],
            port=arguments.port,
            properties=properties,
            server=arguments.host.rstrip(".") + ".local.",
        )
        # Printed just before registering, so a benchmark can time the protocol (probing and
        # announcing) apart from the interpreter's start-up and the imports.
        print(json.dumps({"event": "registering", "name": info.name}, ensure_ascii=False), flush=True)
        zc.register_service(info)
        print(json.dumps({
            "event": "registered",
            "name": info.name,
            "instance": info.name[: -len(service_type) - 1],
            "server": info.server,
        }, ensure_ascii=False), flush=True)
        signal.sigtimedwait(stop_signals, arguments.seconds)
        zc.unregister_service(info)
        print(json.dumps({"event": "unregistered", "name": info.name}, ensure_ascii=False), flush=True)
    finally:
        zc.close()


if __name__ == "__main__":
    main()
