// Minimal types for the parts of autocannon the benchmarks use.
declare module 'autocannon' {
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    method?: string
    body?: string
    headers?: Record<string, string>
    pipelining?: number
    timeout?: number
    requests?: Array<{ method?: string; path?: string; body?: string; headers?: Record<string, string> }>
  }
  interface Histogram {
    average: number
    mean: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    max: number
    total: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
