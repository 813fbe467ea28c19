// Minimum-cost maximum flow on integer capacities and non-negative integer costs (primal–dual:
// Dijkstra with Johnson potentials to find the cost of the cheapest augmenting paths, then a
// Dinic blocking flow on the edges of zero reduced cost, so one Dijkstra serves many paths).
// Used by assignment.ts; kept generic and small so it can be read and tested on its own.

export interface FlowResult {
  flow: number
  cost: number
}

export class MinCostFlow {
  private readonly head: Int32Array
  private next: number[] = []
  private to: number[] = []
  private capacity: number[] = []
  private cost: number[] = []

  constructor(readonly nodeCount: number) {
    this.head = new Int32Array(nodeCount).fill(-1)
  }

  /** Adds an edge and its residual twin; returns the edge's index (read its flow with `flowOn`). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacité invalide')
    if (!Number.isInteger(cost) || cost < 0) throw new RangeError('coût invalide')
    const index = this.to.length
    this.to.push(to, from)
    this.capacity.push(capacity, 0)
    this.cost.push(cost, -cost)
    this.next.push(this.head[from]!, this.head[to]!)
    this.head[from] = index
    this.head[to] = index + 1
    return index
  }

  /** Units of flow sent along edge `index`. */
  flowOn(index: number): number {
    return this.capacity[index ^ 1]!
  }

  /** Sends as much flow as possible from `source` to `sink`, as cheaply as possible. */
  run(source: number, sink: number): FlowResult {
    const n = this.nodeCount
    const potential = new Float64Array(n)
    const distance = new Float64Array(n)
    const level = new Int32Array(n)
    const cursor = new Int32Array(n)
    const queue = new Int32Array(n)
    const pathEdges = new Int32Array(n)
    let flow = 0
    let totalCost = 0
    for (;;) {
      if (!this.dijkstra(source, potential, distance)) break
      for (let v = 0; v < n; v++) if (distance[v]! < Infinity) potential[v]! += distance[v]!
      // Admissible edges have zero reduced cost; BFS levels make them a DAG for the blocking flow.
      const admissible = (edge: number, from: number) =>
        this.capacity[edge]! > 0 && this.cost[edge]! + potential[from]! - potential[this.to[edge]!]! === 0
      level.fill(-1)
      level[source] = 0
      let qHead = 0
      let qTail = 0
      queue[qTail++] = source
      while (qHead < qTail) {
        const u = queue[qHead++]!
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          const v = this.to[e]!
          if (level[v]! < 0 && admissible(e, u)) {
            level[v] = level[u]! + 1
            queue[qTail++] = v
          }
        }
      }
      if (level[sink]! < 0) break
      for (let v = 0; v < n; v++) cursor[v] = this.head[v]!
      // Iterative DFS with current-arc pointers (Dinic).
      let depth = 0
      let u = source
      for (;;) {
        if (u === sink) {
          let bottleneck = Infinity
          for (let i = 0; i < depth; i++) bottleneck = Math.min(bottleneck, this.capacity[pathEdges[i]!]!)
          let firstSaturated = -1
          for (let i = 0; i < depth; i++) {
            const e = pathEdges[i]!
            this.capacity[e]! -= bottleneck
            this.capacity[e ^ 1]! += bottleneck
            totalCost += bottleneck * this.cost[e]!
            if (firstSaturated < 0 && this.capacity[e] === 0) firstSaturated = i
          }
          flow += bottleneck
          depth = firstSaturated
          u = depth === 0 ? source : this.to[pathEdges[depth - 1]!]!
          continue
        }
        let advanced = false
        for (; cursor[u] !== -1; cursor[u] = this.next[cursor[u]!]!) {
          const e = cursor[u]!
          const v = this.to[e]!
          if (level[v] === level[u]! + 1 && admissible(e, u)) {
            pathEdges[depth++] = e
            u = v
            advanced = true
            break
          }
        }
        if (advanced) continue
        // Dead end: nothing more goes through u in this phase.
        level[u] = -1
        if (depth === 0) break
        depth--
        u = this.to[pathEdges[depth]! ^ 1]!
        cursor[u] = this.next[cursor[u]!]!
      }
    }
    return { flow, cost: totalCost }
  }

  /** Shortest distances in reduced costs from `source`; false when the sink side is unreachable. */
  private dijkstra(source: number, potential: Float64Array, distance: Float64Array): boolean {
    distance.fill(Infinity)
    distance[source] = 0
    const heapNodes: number[] = [source]
    const heapKeys: number[] = [0]
    let reachedAny = false
    while (heapNodes.length > 0) {
      const u = heapNodes[0]!
      const d = heapKeys[0]!
      // Pop the minimum (binary heap on parallel arrays).
      const lastNode = heapNodes.pop()!
      const lastKey = heapKeys.pop()!
      if (heapNodes.length > 0) {
        let i = 0
        for (;;) {
          const left = 2 * i + 1
          if (left >= heapNodes.length) break
          const right = left + 1
          const child = right < heapNodes.length && heapKeys[right]! < heapKeys[left]! ? right : left
          if (heapKeys[child]! >= lastKey) break
          heapNodes[i] = heapNodes[child]!
          heapKeys[i] = heapKeys[child]!
          i = child
        }
        heapNodes[i] = lastNode
        heapKeys[i] = lastKey
      }
      if (d > distance[u]!) continue
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        if (this.capacity[e]! <= 0) continue
        const v = this.to[e]!
        const candidate = d + this.cost[e]! + potential[u]! - potential[v]!
        if (candidate < distance[v]!) {
          distance[v] = candidate
          reachedAny = true
          let i = heapNodes.length
          heapNodes.push(v)
          heapKeys.push(candidate)
          while (i > 0) {
            const parent = (i - 1) >> 1
            if (heapKeys[parent]! <= candidate) break
            heapNodes[i] = heapNodes[parent]!
            heapKeys[i] = heapKeys[parent]!
            i = parent
          }
          heapNodes[i] = v
          heapKeys[i] = candidate
        }
      }
    }
    return reachedAny
  }
}
