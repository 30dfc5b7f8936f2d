import {cidrContainsAddress, cidrSize} from '../cidr/cidr.js'
import type {Ipv4} from '../cidr/ipv4.js'
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
