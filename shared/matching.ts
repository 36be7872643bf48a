/** Finding what the user meant: by id, by exact name, or the closest names to suggest. */

function normalise(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Names closest to what was typed, best first; a name containing the text counts as close. */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  const t = normalise(typed);
  if (!t) return [];
  return names
    .map((name) => {
      const n = normalise(name);
      const distance = editDistance(t, n) / Math.max(t.length, n.length, 1);
      const contains = n.includes(t) || t.includes(n);
      return { name, score: contains ? distance / 2 : distance };
    })
    .filter((s) => s.score <= 0.5)
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.name);
}

/** The one item whose id or name matches (case- and accent-insensitive), or null. */
export function matchOne<T extends { id: string }>(items: readonly T[], key: string, nameOf: (t: T) => string): T | null {
  const byId = items.find((i) => i.id === key);
  if (byId) return byId;
  const byName = matchByName(items, key, nameOf);
  return byName.length === 1 ? (byName[0] ?? null) : null;
}

/** Every item whose name matches `key`, ignoring case, accents, Unicode form (NFC/NFD) and runs of spaces. */
export function matchByName<T>(items: readonly T[], key: string, nameOf: (t: T) => string): T[] {
  const k = normalise(key);
  return items.filter((i) => normalise(nameOf(i)) === k);
}
