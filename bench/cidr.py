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

    operations = {}
    for name, work, count in (("parse", parse, COUNT), ("contains", contains, COUNT), ("split", split, 65_536)):
        seconds, checksum = best_of(rounds, work)
        operations[name] = {"count": count, "ms": round(seconds * 1000, 2), "opsPerSec": round(count / seconds), "checksum": checksum}
    print(json.dumps({"python": sys.version.split()[0], "operations": operations}))


if __name__ == "__main__":
    main()
