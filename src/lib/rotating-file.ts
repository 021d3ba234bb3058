// A file of lines that rotates by size, as kube-apiserver's --audit-log-maxsize/-maxbackup: once
// a line would take it past maxBytes, FILE becomes FILE.1 (FILE.1 becomes FILE.2, and so on), the
// oldest beyond maxBackups is removed, and a new FILE begins. Writes are synchronous: a line has
// reached the file (the page cache) by the time the request's answer is gone.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class RotatingFile {
  /** -1 once closed: a late line (a request answered while the server closes) opens it again. */
  private fd: number;
  private size: number;

  /** maxBytes 0: never rotated. maxBackups: at least 1. Created owner-only (0600). */
  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
    private readonly maxBackups: number,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = -1;
    this.size = 0;
    this.open();
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fd < 0) this.open();
    // A line longer than the limit still goes whole into a file of its own.
    if (this.maxBytes > 0 && this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private open(): void {
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.path}.${this.maxBackups}`, { force: true });
    for (let i = this.maxBackups - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.open();
  }
}
