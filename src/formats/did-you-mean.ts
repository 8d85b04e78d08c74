// Suggests the known name closest to a typo, so a one-line error can say what was probably meant.

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest known name when it is close enough to be a likely typo, else undefined. */
export function closestName(found: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(found.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(found.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `"x"` plus ` (did you mean "y"?)` when a close known name exists. */
export function describeUnknownName(found: string, known: readonly string[]): string {
  const suggestion = closestName(found, known);
  return suggestion ? `"${found}" (did you mean "${suggestion}"?)` : `"${found}"`;
}

/** A one-line list of names, cut short so the error stays readable. */
export function listNames(names: readonly string[], max = 12): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, ...` : names.join(', ');
}
