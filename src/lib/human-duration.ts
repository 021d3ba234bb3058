// Durations and name lists as kubectl writes them in its tables: ages (45s, 3m12s, 5h, 2d3h,
// 400d, 2y) and at most a few names before "+ N more...". Shared by the CLI's tables and the
// server's meta.k8s.io Tables, so both print the same cells.

/** kubectl's duration.HumanDuration: precise while short, coarser as it grows. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (days < 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** The age of an RFC 3339 timestamp, or <unknown> when there is none. */
export function age(timestamp: unknown, now = Date.now()): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const then = Date.parse(timestamp);
  return Number.isNaN(then) ? '<unknown>' : humanDuration(now - then);
}

/** Names in a cell: at most `max`, then "+ N more..." as kubectl does for endpoints. */
export function nameList(names: string[], max = 3): string {
  if (names.length === 0) return '<none>';
  if (names.length <= max) return names.join(',');
  return `${names.slice(0, max).join(',')} + ${names.length - max} more...`;
}
