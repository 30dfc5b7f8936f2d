import type {ReachContext} from './context.js'

/**
 * Values that read only the model, computed once per reach context and object (a matrix asks for
 * them for every sender class and node); both are held weakly, so a context's values go with it.
 */
export class ContextMemo<K extends object, V> {
  private readonly byContext = new WeakMap<ReachContext, WeakMap<K, V>>()
  // perf: a run asks with one context; the last one's map skips a lookup (a matrix asks millions of times)
  private lastContext?: WeakRef<ReachContext>
  private lastMap?: WeakMap<K, V>

  get(ctx: ReachContext, key: K, make: () => V): V {
    let byKey = this.lastContext?.deref() === ctx ? this.lastMap : undefined
    if (!byKey) {
      byKey = this.byContext.get(ctx)
      if (!byKey) this.byContext.set(ctx, (byKey = new WeakMap()))
      this.lastContext = new WeakRef(ctx)
      this.lastMap = byKey
    }
    let value = byKey.get(key)
    if (value === undefined) byKey.set(key, (value = make()))
    return value
  }
}
