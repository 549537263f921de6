#!/usr/bin/python3
# An aioice (python3-aioice) ICE agent for the interop tests; run it only inside a network namespace,
# since aioice gathers a host candidate on every interface it sees.
# usage: aioice_peer.py <controlling|controlled> <mine.sdp> <peer.sdp>
# Each file holds SDP lines: a=ice-ufrag:..., a=ice-pwd:..., then a=candidate:... (RFC 8839 §5.1, §5.4).
# Prints "ready", "connected <local> <remote>", then "got: <bytes>" when the peer's data arrives.
import asyncio
import os
import sys

import aioice


def write_sdp(path, connection):
    lines = ["a=ice-ufrag:" + connection.local_username, "a=ice-pwd:" + connection.local_password]
    lines += ["a=candidate:" + c.to_sdp() for c in connection.local_candidates]
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(path + ".tmp", path)


async def read_sdp(path):
    for _ in range(200):
        if os.path.exists(path):
            break
        await asyncio.sleep(0.05)
    ufrag = password = None
    candidates = []
    for line in open(path).read().splitlines():
        if line.startswith("a=ice-ufrag:"):
            ufrag = line[len("a=ice-ufrag:"):]
        elif line.startswith("a=ice-pwd:"):
            password = line[len("a=ice-pwd:"):]
        elif line.startswith("a=candidate:"):
            candidates.append(aioice.Candidate.from_sdp(line[len("a=candidate:"):]))
    return ufrag, password, candidates


async def main():
    role, mine, peer = sys.argv[1], sys.argv[2], sys.argv[3]
    connection = aioice.Connection(ice_controlling=(role == "controlling"), use_ipv6=False)
    await connection.gather_candidates()
    write_sdp(mine, connection)
    print("ready", flush=True)
    ufrag, password, candidates = await read_sdp(peer)
    connection.remote_username, connection.remote_password = ufrag, password
    for c in candidates:
        await connection.add_remote_candidate(c)
    await connection.add_remote_candidate(None)
    await asyncio.wait_for(connection.connect(), 20)
    print("connected", flush=True)
    await connection.send(b"hello from aioice")
    data = await asyncio.wait_for(connection.recv(), 10)
    print("got:", data.decode(), flush=True)
    await asyncio.sleep(0.5)
    await connection.close()


asyncio.run(main())
