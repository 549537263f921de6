#!/usr/bin/python3
# One side of an ICE connection setup timed with aioice (python3-aioice), for bench/ice-bench.sh. Run it
# only inside a network namespace: aioice gathers a host candidate on every interface it sees.
# usage: aioice_setup.py <controlling|controlled> <mine.sdp> <peer.sdp> <stun-ip:port>
# Gathers host and server reflexive candidates (STUN at stun-ip:port), writes them to mine.sdp as SDP
# lines, reads the peer's from peer.sdp (polled every 10 ms), then times from handing the peer's
# candidates in to connect() returning (a pair nominated): prints "setup_ms <ms> <local> -> <remote>".
import asyncio
import os
import sys
import time

import aioice


async def main():
    role, mine, peer, stun = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    host, port = stun.rsplit(":", 1)
    connection = aioice.Connection(ice_controlling=(role == "controlling"), stun_server=(host, int(port)), use_ipv6=False)
    await connection.gather_candidates()
    lines = ["a=ice-ufrag:" + connection.local_username, "a=ice-pwd:" + connection.local_password]
    lines += ["a=candidate:" + c.to_sdp() for c in connection.local_candidates]
    with open(mine + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(mine + ".tmp", mine)
    print("ready", flush=True)
    for _ in range(2000):
        if os.path.exists(peer):
            break
        await asyncio.sleep(0.01)
    ufrag = password = None
    candidates = []
    for line in open(peer).read().splitlines():
        if line.startswith("a=ice-ufrag:"):
            ufrag = line[len("a=ice-ufrag:"):]
        elif line.startswith("a=ice-pwd:"):
            password = line[len("a=ice-pwd:"):]
        elif line.startswith("a=candidate:"):
            candidates.append(aioice.Candidate.from_sdp(line[len("a=candidate:"):]))
    start = time.monotonic()
    connection.remote_username, connection.remote_password = ufrag, password
    for c in candidates:
        await connection.add_remote_candidate(c)
    await connection.add_remote_candidate(None)
    await asyncio.wait_for(connection.connect(), 30)
    elapsed = (time.monotonic() - start) * 1000
    pair = connection._nominated.get(1)
    print(f"setup_ms {elapsed:.1f} {pair}", flush=True)
    await asyncio.sleep(1.5)  # the peer may still be finishing
    await connection.close()


asyncio.run(main())
