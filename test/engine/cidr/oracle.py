"""Independent oracle for the CIDR property tests: Python's ipaddress module.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout, so a
whole batch of fast-check cases costs one python3 process.
"""
import ipaddress
import json
import sys


def parse(text, strict=True):
    try:
        net = ipaddress.IPv4Network(text, strict=strict)
    except (ValueError, TypeError):
        return None
    return net


def info(req):
    text = req["text"]
    net = parse(text)
    if net is None:
        loose = parse(text, strict=False)
        return {"ok": False, "loose": str(loose) if loose is not None else None}
    return {
        "ok": True,
        "cidr": str(net),
        "network": str(net.network_address),
        "prefix": net.prefixlen,
        "first": str(net.network_address),
        "last": str(net.broadcast_address),
        "total": net.num_addresses,
    }


def split(req):
    net = ipaddress.IPv4Network(req["parent"])
    subnets = net.subnets(new_prefix=req["prefix"])
    if "count" in req:
        return [str(s) for _, s in zip(range(req["count"]), subnets)]
    return [str(s) for s in subnets]


def count_prefix(req):
    # N equal parts: N rounded up to a power of two
    net = ipaddress.IPv4Network(req["parent"])
    bits = (req["count"] - 1).bit_length()
    if net.prefixlen + bits > 32:
        return None
    return [str(s) for _, s in zip(range(req["count"]), net.subnets(prefixlen_diff=bits))]


def free(req):
    parent = ipaddress.IPv4Network(req["parent"])
    remaining = [parent]
    for text in req["used"]:
        used = ipaddress.IPv4Network(text)
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
    return [str(b) for b in ipaddress.collapse_addresses(ipaddress.IPv4Network(t) for t in req["blocks"])]


def overlaps(req):
    blocks = [ipaddress.IPv4Network(t) for t in req["blocks"]]
    out = []
    for i in range(len(blocks)):
        for j in range(i + 1, len(blocks)):
            a, b = blocks[i], blocks[j]
            if not a.overlaps(b):
                continue
            relation = "equal" if a == b else "contains" if b.subnet_of(a) else "inside"
            out.append({"a": i, "b": j, "relation": relation})
    return out


def allocate(req):
    parent = ipaddress.IPv4Network(req["parent"])
    used = [ipaddress.IPv4Network(t) for t in req["used"]]
    for candidate in parent.subnets(new_prefix=req["prefix"]):
        if not any(candidate.overlaps(u) for u in used):
            return str(candidate)
    return None


OPS = {"info": info, "split": split, "count": count_prefix, "free": free, "collapse": collapse,
       "overlaps": overlaps, "allocate": allocate}

for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.write(json.dumps(OPS[request["op"]](request)) + "\n")
