import { connect, type ChannelModel } from 'amqplib';
import { VigilError } from '../errors/VigilError';

/** Options of an `AmqpConnection`. */
export interface AmqpConnectionOptions {
  /** Broker URL, e.g. `amqp://guest:guest@127.0.0.1:5672`. */
  url: string;
  /** Called after every (re)connection: open channels, declare topology, start consuming. */
  onConnect(model: ChannelModel, generation: number): Promise<void>;
  /** Called when the connection is lost (before reconnecting). */
  onDisconnect?(error: unknown, generation: number): void;
  /** Recovered errors. */
  onError?(error: unknown): void;
  /** How long `start` keeps trying before it gives up. @default 30000 */
  connectTimeoutMs?: number;
  /** First reconnect delay; doubles up to `maxDelayMs`. @default 100 */
  minDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A connection that reconnects with exponential backoff after the broker goes away, and runs `onConnect`
 * again each time (a new `generation`), until `close`.
 */
export class AmqpConnection {
  private model: ChannelModel | undefined;
  private closed = false;
  private generation = 0;
  private reconnecting: Promise<void> | undefined;
  /** Reconnections since start. */
  reconnects = 0;

  constructor(private readonly options: AmqpConnectionOptions) {}

  /** Current connection, if up. */
  get current(): ChannelModel | undefined {
    return this.model;
  }

  /** Current generation (increments on every reconnection). */
  get currentGeneration(): number {
    return this.generation;
  }

  /**
   * Connects (retrying with backoff until `connectTimeoutMs`).
   * @throws VigilError `AMQP_UNREACHABLE` when the broker cannot be reached in time.
   */
  async start(): Promise<void> {
    const deadline = Date.now() + (this.options.connectTimeoutMs ?? 30_000);
    let delay = this.options.minDelayMs ?? 100;
    for (;;) {
      try {
        await this.open();
        return;
      } catch (error) {
        if (this.closed) throw new VigilError('AMQP_CLOSED', 'the AMQP connection was closed while connecting');
        if (Date.now() + delay > deadline) {
          throw new VigilError('AMQP_UNREACHABLE', `cannot reach the AMQP broker at ${redact(this.options.url)}: ${(error as Error).message}. Is RabbitMQ running?`, {
            cause: error,
          });
        }
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5000);
      }
    }
  }

  private async open(): Promise<void> {
    const model = await connect(this.options.url);
    const generation = ++this.generation;
    model.on('error', (error: Error) => this.options.onError?.(error));
    model.on('close', (error?: Error) => {
      if (this.model === model) this.model = undefined;
      if (this.closed) return;
      this.options.onDisconnect?.(error, generation);
      this.reconnecting ??= this.reconnect().finally(() => {
        this.reconnecting = undefined;
      });
    });
    this.model = model;
    try {
      await this.options.onConnect(model, generation);
    } catch (error) {
      this.model = undefined;
      await model.close().catch(() => undefined);
      throw error;
    }
  }

  private async reconnect(): Promise<void> {
    let delay = this.options.minDelayMs ?? 100;
    while (!this.closed) {
      await sleep(delay);
      if (this.closed) return;
      try {
        await this.open();
        this.reconnects++;
        return;
      } catch (error) {
        this.options.onError?.(error);
        delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5000);
      }
    }
  }

  /** Closes for good; no reconnection after this. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const model = this.model;
    this.model = undefined;
    if (model) await model.close().catch(() => undefined);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
