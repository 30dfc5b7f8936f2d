import type {Cidr} from './cidr.js'
import {cidrsOverlap, cidrSize} from './cidr.js'
import {gapsInside} from './collapse.js'
import {cidrToRange, mergeRanges, rangeToCidrs} from './range.js'

/** `acknet cidr free`: what is left of `parent`, and which used blocks did not fit it. */
export interface FreeResult {
  /** The minimal CIDR list of free space, in address order. */
  free: Cidr[]
  /** Used blocks entirely outside the parent: ignored. */
  outside: Cidr[]
  /** Used blocks larger than the parent that contain it: clipped to the parent (nothing is free). */
  covering: Cidr[]
}

/**
 * Free space left in `parent` after removing `used`. Used blocks are clipped to the parent:
 * one that lies outside is ignored, one that contains the parent uses all of it. (Two
 * aligned blocks are either nested or disjoint, so there is no other partial case.)
 */
export function freeSpace(parent: Cidr, used: readonly Cidr[]): FreeResult {
  const outside: Cidr[] = []
  const covering: Cidr[] = []
  const inside: Cidr[] = []
  for (const block of used) {
    if (!cidrsOverlap(parent, block)) outside.push(block)
    else if (block.prefix < parent.prefix) covering.push(block)
    else inside.push(block)
  }
  const free: Cidr[] = []
  if (covering.length === 0) {
    for (const gap of gapsInside(cidrToRange(parent), mergeRanges(inside.map(cidrToRange)))) rangeToCidrs(gap, free)
  }
  return {free, outside, covering}
}

/** The minimal list of free blocks in `parent` after removing `used` (clipped to the parent). */
export function freeBlocks(parent: Cidr, used: readonly Cidr[]): Cidr[] {
  return freeSpace(parent, used).free
}

/**
 * The first (lowest) block of `prefix` inside `parent`, aligned to its own size, that overlaps
 * none of `used`; undefined when none is left or `prefix` is shorter than the parent's.
 * The planner places vSwitches, pod and Service CIDRs with this.
 */
export function allocateBlock(parent: Cidr, prefix: number, used: readonly Cidr[]): Cidr | undefined {
  if (!Number.isInteger(prefix) || prefix < parent.prefix || prefix > 32) return undefined
  const size = 2 ** (32 - prefix)
  const relevant = used.filter((block) => cidrsOverlap(parent, block))
  for (const gap of gapsInside(cidrToRange(parent), mergeRanges(relevant.map(cidrToRange)))) {
    const aligned = Math.ceil(gap.start / size) * size
    if (aligned + size - 1 <= gap.end) return {network: aligned, prefix}
  }
  return undefined
}

/** Addresses in a list of disjoint blocks. */
export function totalAddresses(blocks: readonly Cidr[]): number {
  let total = 0
  for (const block of blocks) total += cidrSize(block)
  return total
}
