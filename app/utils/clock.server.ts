// The application's clock. Domain code asks `now()` instead of `new Date()` so the browser
// journeys can move time forward (deadlines, reminders, alerts) without waiting. The offset
// can only change through the test hooks, which refuse to run outside TEST_HOOKS mode, and while
// the demo seed dates its past events (db/seeds/domain.ts, before the server answers anyone).
const state = globalThis as unknown as { __aicClockOffsetMs?: number }

export function now(): Date {
  return new Date(Date.now() + (state.__aicClockOffsetMs ?? 0))
}

export function setClockOffset(ms: number): void {
  state.__aicClockOffsetMs = ms
}

export function clockOffset(): number {
  return state.__aicClockOffsetMs ?? 0
}
