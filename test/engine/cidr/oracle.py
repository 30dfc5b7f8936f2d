"""Independent oracle for the CIDR property tests: Python's ipaddress module.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout, so a
whole batch of fast-check cases costs one python3 process. A request with "family": 6 works on
IPv6Network / IPv6Address instead of IPv4.
"""
import ipaddress
import json
import sys


def network_type(req):
    family = req.get("family")
    if family == "any":
        return ipaddress.ip_network
    return ipaddress.IPv6Network if family == 6 else ipaddress.IPv4Network


def parse(text, strict=True, family=4):
    try:
        net = (ipaddress.IPv6Network if family == 6 else ipaddress.IPv4Network)(text, strict=strict)
    except (ValueError, TypeError):
        return None
    return net


def info(req):
    text = req["text"]
    family = req.get("family", 4)
    net = parse(text, family=family)
    if net is None:
        loose = parse(text, strict=False, family=family)
        return {"ok": False, "loose": str(loose) if loose is not None else None}
    return {
        "ok": True,
        "cidr": str(net),
        "network": str(net.network_address),
        "prefix": net.prefixlen,
        "first": str(net.network_address),
        "last": str(net.broadcast_address),
        # IPv6 totals exceed 2^53: a decimal string, as acknet's JSON has it
        "total": str(net.num_addresses) if family == 6 else net.num_addresses,
    }


def address(req):
    """An IPv6 address: its canonical text, or None when Python refuses it."""
    try:
        return str(ipaddress.IPv6Address(req["text"]))
    except (ValueError, TypeError):
        return None


def split(req):
    net = network_type(req)(req["parent"])
    subnets = net.subnets(new_prefix=req["prefix"])
    if "count" in req:
        return [str(s) for _, s in zip(range(req["count"]), subnets)]
    return [str(s) for s in subnets]


def count_prefix(req):
    # N equal parts: N rounded up to a power of two
    net = network_type(req)(req["parent"])
    bits = (req["count"] - 1).bit_length()
    if net.prefixlen + bits > net.max_prefixlen:
        return None
    return [str(s) for _, s in zip(range(req["count"]), net.subnets(prefixlen_diff=bits))]


def free(req):
    parent = network_type(req)(req["parent"])
    remaining = [parent]
    for text in req["used"]:
        used = network_type(req)(text)
        nxt = []
        for block in remaining:
            if not block.overlaps(used):
                nxt.append(block)
            elif block.subnet_of(used):
                continue
            else:
                nxt.extend(block.address_exclude(used))
        remaining = nxt
    return [str(b) for b in ipaddress.collapse_addresses(remaining)]


def collapse(req):
    return [str(b) for b in ipaddress.collapse_addresses(network_type(req)(t) for t in req["blocks"])]


def overlaps(req):
    blocks = [network_type(req)(t) for t in req["blocks"]]
    out = []
    for i in range(len(blocks)):
        for j in range(i + 1, len(blocks)):
            a, b = blocks[i], blocks[j]
            # blocks of different families never overlap (checked first: Python compares the integers)
            if a.version != b.version or not a.overlaps(b):
                continue
            relation = "equal" if a == b else "contains" if b.subnet_of(a) else "inside"
            out.append({"a": i, "b": j, "relation": relation})
    return out


def allocate(req):
    parent = network_type(req)(req["parent"])
    used = [network_type(req)(t) for t in req["used"]]
    for candidate in parent.subnets(new_prefix=req["prefix"]):
        if not any(candidate.overlaps(u) for u in used):
            return str(candidate)
    return None


OPS = {"info": info, "split": split, "count": count_prefix, "free": free, "collapse": collapse,
       "overlaps": overlaps, "allocate": allocate, "address": address}

for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.write(json.dumps(OPS[request["op"]](request)) + "\n")
