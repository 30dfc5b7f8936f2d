"""Python counterpart of bench/cidr.js: the same CIDR work with the standard ipaddress module.

Prints one JSON record: {python, operations: {name: {count, ms, opsPerSec, checksum}}}.
The inputs come from the same 32-bit LCG as bench/cidr.js, so both sides do identical work
and the checksums must agree.
"""
import ipaddress
import json
import sys
import time

COUNT = 100_000


def lcg(state):
    return (1664525 * state + 1013904223) & 0xFFFFFFFF


def make_cidrs(count):
    state = 20261126
    out = []
    for _ in range(count):
        state = lcg(state)
        address = state
        state = lcg(state)
        prefix = 8 + state % 25
        network = address & ((0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF)
        out.append(f"{network >> 24}.{(network >> 16) & 255}.{(network >> 8) & 255}.{network & 255}/{prefix}")
    return out


def make_ipv6_blocks(count):
    """Same generator as makeIpv6Blocks in bench/cidr.js."""
    state = 20261203
    out = []
    for _ in range(count):
        address = 0
        for _ in range(8):
            state = lcg(state)
            address = (address << 16) | (0 if state % 3 == 0 else (state >> 8) & 0xFFFF)
        state = lcg(state)
        prefix = 16 + state % 113
        out.append(ipaddress.IPv6Network((address >> (128 - prefix) << (128 - prefix), prefix)))
    return out


def best_of(rounds, work):
    best = None
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None or elapsed < best else best
    return best, result


def main():
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    texts = make_cidrs(COUNT)
    parsed = [ipaddress.IPv4Network(t) for t in texts]
    # pairs: every block against its neighbour and against the /8 it lies in (half contain)
    outers = [ipaddress.IPv4Network((int(n.network_address) & 0xFF000000, 8)) for n in parsed]

    def parse():
        return sum(1 for t in texts if ipaddress.IPv4Network(t) is not None)

    def contains():
        hits = 0
        for i in range(COUNT):
            inner = parsed[i]
            outer = outers[i] if i % 2 == 0 else parsed[(i + 1) % COUNT]
            if inner.subnet_of(outer):
                hits += 1
        return hits

    def split():
        return len(list(ipaddress.IPv4Network("10.0.0.0/8").subnets(new_prefix=24)))

    blocks6 = make_ipv6_blocks(COUNT)
    texts6 = [str(n) for n in blocks6]
    outers6 = [ipaddress.IPv6Network((int(n.network_address) & (0xFFFF << 112), 16)) for n in blocks6]

    def parse6():
        return sum(ipaddress.IPv6Network(t).prefixlen for t in texts6)

    def contains6():
        hits = 0
        for i in range(COUNT):
            inner = blocks6[i]
            outer = outers6[i] if i % 2 == 0 else blocks6[(i + 1) % COUNT]
            if inner.subnet_of(outer):
                hits += 1
        return hits

    def split6():
        return len(list(ipaddress.IPv6Network("2408:4005:3ab::/48").subnets(new_prefix=64)))

    def format6():
        return sum(len(str(n.network_address)) for n in blocks6)

    operations = {}
    for name, work, count in (("parse", parse, COUNT), ("contains", contains, COUNT), ("split", split, 65_536),
                              ("parse6", parse6, COUNT), ("contains6", contains6, COUNT), ("split6", split6, 65_536),
                              ("format6", format6, COUNT)):
        seconds, checksum = best_of(rounds, work)
        operations[name] = {"count": count, "ms": round(seconds * 1000, 2), "opsPerSec": round(count / seconds), "checksum": checksum}
    print(json.dumps({"python": sys.version.split()[0], "operations": operations}))


if __name__ == "__main__":
    main()
