/**
 * Counts units of capacity (events in flight). `acquire` waits, first come first served,
 * until enough units are free — this is what makes a slow sink slow the sources down.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<{ units: number; resolve: () => void }> = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  get inUse(): number {
    return this.capacity - this.available;
  }

  acquire(units: number): Promise<void> | undefined {
    const wanted = Math.min(units, this.capacity);
    if (this.waiters.length === 0 && this.available >= wanted) {
      this.available -= wanted;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push({ units: wanted, resolve }));
  }

  release(units: number): void {
    this.available = Math.min(this.capacity, this.available + Math.min(units, this.capacity));
    while (this.waiters.length > 0) {
      const next = this.waiters[0]!;
      if (next.units > this.available) break;
      this.available -= next.units;
      this.waiters.shift();
      next.resolve();
    }
  }
}
