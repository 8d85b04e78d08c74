// A duration as people write it in flags and workflow inputs: a number and s, m or h ("90m", "2h", "600s").

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when `text` is not a positive duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smh])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0) : 0;
  return ms > 0 ? ms : undefined;
}

/** What parseDurationMs accepts, for error lines. */
export const DURATION_EXPECTED = 'a duration such as 90m, 2h or 600s';
