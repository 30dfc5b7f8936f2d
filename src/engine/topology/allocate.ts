import {cidrContainsAddress, cidrSize} from '../cidr/cidr.js'
import {type Ipv6Cidr, ipv6CidrContainsAddress, ipv6LastAddress} from '../cidr/cidr6.js'
import type {Ipv4} from '../cidr/ipv4.js'
import type {Ipv6} from '../cidr/ipv6.js'
import {VSWITCH_IPV6_RESERVED_ADDRESSES} from '../platform/ipv6.js'
import {VSWITCH_RESERVED_ADDRESSES} from '../platform/rules.js'
import type {VSwitch} from './model.js'

/**
 * Deterministic address allocation inside one vSwitch: upward from network + 1, skipping the
 * reserved addresses (the network address and the last three — CreateVSwitch doc-detail/35745)
 * and every address the file claims explicitly. O(1) amortised per address.
 */
export class AddressPool {
  private next: number
  private readonly last: number
  private readonly taken = new Set<Ipv4>()
  /** Addresses handed out or claimed (explicit claims inside the usable range count). */
  used = 0

  constructor(readonly vswitch: VSwitch) {
    const {network} = vswitch.cidr
    this.next = network + 1
    // last usable = broadcast − 3 (the last three are reserved)
    this.last = network + cidrSize(vswitch.cidr) - VSWITCH_RESERVED_ADDRESSES
  }

  /** Marks an explicitly given address as used (so allocation skips it). */
  claim(ip: Ipv4): void {
    if (!cidrContainsAddress(this.vswitch.cidr, ip) || this.taken.has(ip)) return
    this.taken.add(ip)
    if (ip >= this.vswitch.cidr.network + 1 && ip <= this.last) this.used++
  }

  /** The next free address, or undefined when the vSwitch is full. */
  allocate(): Ipv4 | undefined {
    while (this.next <= this.last && this.taken.has(this.next)) this.next++
    if (this.next > this.last) return undefined
    this.used++
    return this.next++
  }

  /** Usable addresses not yet handed out. */
  get free(): number {
    return Math.max(0, this.vswitch.usable - this.used)
  }
}

/**
 * The same allocation in a vSwitch's IPv6 /64: upward from network + 1, skipping the reserved
 * addresses (the first and the last nine — V3, CreateVSwitchCidrReservation; platform/ipv6.ts)
 * and every address the file gives explicitly. A /64 never fills up in a real file, but the
 * bound is kept exact for the narrow blocks a broken file may give (`vswitch-cidr` reports them).
 */
export class Ipv6AddressPool {
  private next: Ipv6
  private readonly last: Ipv6
  private readonly taken = new Set<Ipv6>()
  used = 0

  constructor(readonly cidr: Ipv6Cidr) {
    this.next = cidr.network + 1n
    this.last = ipv6LastAddress(cidr) - BigInt(VSWITCH_IPV6_RESERVED_ADDRESSES - 1)
  }

  claim(address: Ipv6): void {
    if (!ipv6CidrContainsAddress(this.cidr, address) || this.taken.has(address)) return
    this.taken.add(address)
    if (address >= this.cidr.network + 1n && address <= this.last) this.used++
  }

  allocate(): Ipv6 | undefined {
    while (this.next <= this.last && this.taken.has(this.next)) this.next++
    if (this.next > this.last) return undefined
    this.used++
    return this.next++
  }
}
