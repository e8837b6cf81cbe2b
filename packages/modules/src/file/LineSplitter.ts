/**
 * Splits a byte stream into lines without holding more than one line (bounded by `maxLine` bytes) in
 * memory. Lines longer than `maxLine` are handed over in `maxLine`-sized pieces. A trailing `\r` is dropped.
 */
export class LineSplitter {
  private carry: Buffer | undefined;

  /** @param onLine receives each line; returns true to stop scanning. */
  constructor(
    private readonly maxLine: number,
    private readonly onLine: (line: string) => boolean,
  ) {}

  /** Feeds `chunk` (which the caller may reuse afterwards). Returns true when `onLine` asked to stop. */
  push(chunk: Buffer): boolean {
    let start = 0;
    const end = chunk.length;
    while (start < end) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        // Keep a copy: the caller's buffer is reused for the next read.
        const rest = chunk.subarray(start, end);
        this.carry = this.carry === undefined ? Buffer.from(rest) : Buffer.concat([this.carry, rest]);
        while (this.carry.length >= this.maxLine) {
          const piece = this.carry.subarray(0, this.maxLine);
          this.carry = this.carry.length === this.maxLine ? undefined : Buffer.from(this.carry.subarray(this.maxLine));
          if (this.onLine(piece.toString('utf8'))) return true;
          if (this.carry === undefined) break;
        }
        return false;
      }
      let lineEnd = nl;
      if (this.carry === undefined) {
        if (lineEnd > start && chunk[lineEnd - 1] === 13) lineEnd--;
        if (this.emit(chunk, start, lineEnd)) return true;
      } else {
        const whole = Buffer.concat([this.carry, chunk.subarray(start, nl)]);
        this.carry = undefined;
        let wEnd = whole.length;
        if (wEnd > 0 && whole[wEnd - 1] === 13) wEnd--;
        if (this.emit(whole, 0, wEnd)) return true;
      }
      start = nl + 1;
    }
    return false;
  }

  /** Flushes the last line when the input did not end with a newline. */
  finish(): boolean {
    if (this.carry === undefined || this.carry.length === 0) return false;
    const last = this.carry;
    this.carry = undefined;
    let end = last.length;
    if (last[end - 1] === 13) end--;
    return this.emit(last, 0, end);
  }

  private emit(buf: Buffer, start: number, end: number): boolean {
    for (let s = start; s < end || s === start; s += this.maxLine) {
      if (this.onLine(buf.toString('utf8', s, Math.min(end, s + this.maxLine)))) return true;
      if (end - start <= this.maxLine) break;
    }
    return false;
  }
}
