// Whether the process is short of memory, sampled once a second: the V8 heap close to its limit
// (past it Node aborts), or the resident size close to a limit the operator sets (a container's).
// While short, the server refuses new connections (connections.ts) instead of falling over; the
// agents already connected go on.
import { getHeapStatistics } from 'node:v8';
import { Gauge, type Registry } from 'prom-client';

export interface MemoryFigures {
  heapUsed: number;
  heapLimit: number;
  rss: number;
}

export interface MemoryPressureOptions {
  /** Short when the heap in use passes this share of its limit (default 0.9). */
  heapShare?: number;
  /** Short when the resident size passes this many bytes (default: no limit). */
  rssLimit?: number;
  /** Told of each change: short, or no longer short. */
  onChange?: (short: boolean, figures: MemoryFigures) => void;
  /** The figures now (tests give their own). */
  read?: () => MemoryFigures;
}

const SAMPLE_MS = 1_000;

const readFigures = (): MemoryFigures => {
  const heap = getHeapStatistics();
  return { heapUsed: heap.used_heap_size, heapLimit: heap.heap_size_limit, rss: process.memoryUsage.rss() };
};

export class MemoryPressure {
  private shortNow = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: MemoryPressureOptions = {}) {}

  get short(): boolean {
    return this.shortNow;
  }

  start(): void {
    this.timer ??= setInterval(() => this.sample(), SAMPLE_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the figures and says whether memory is short now. */
  sample(): boolean {
    const figures = (this.options.read ?? readFigures)();
    const { heapShare = 0.9, rssLimit } = this.options;
    const short =
      figures.heapUsed > heapShare * figures.heapLimit || (rssLimit !== undefined && figures.rss > rssLimit);
    if (short !== this.shortNow) {
      this.shortNow = short;
      this.options.onChange?.(short, figures);
    }
    return short;
  }

  instrument(registry: Registry): void {
    const pressure = this;
    new Gauge({
      name: 'tmc_memory_short',
      help: '1 while the server is short of memory and refuses new connections (503), else 0',
      registers: [registry],
      collect() {
        this.set(pressure.short ? 1 : 0);
      },
    });
  }
}
