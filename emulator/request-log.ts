import type { RequestLogEntry } from './types';

const MAX_ENTRIES = 200_000;

/** Every API request, in arrival order; tests assert on it ("no DELETE before approval", "one token exchange"). */
export class RequestLog {
  /** Live array, exposed as `emulator.log`. Never replaced, only emptied, so references stay valid. */
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  start(entry: Omit<RequestLogEntry, 'seq' | 'status'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, ...entry, status: 0 };
    // Bound memory for long benchmark runs: drop the oldest half when full.
    if (this.entries.length >= MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 2);
    this.entries.push(full);
    return full;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
