// Tags come from a free-text field, so users type them with stray spaces, emoji and empty entries.

// Emoji: pictographs plus the joiners and presentation selectors that glue them together.
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u200D\uFE0E\uFE0F\u20E3]/gu;

/**
 * One tag as stored: emoji removed, surrounding whitespace trimmed, inner runs of whitespace
 * (spaces, tabs, newlines) collapsed to one space, lower-cased. A tag with nothing left is
 * blank and becomes null.
 */
export function normalizeTag(raw) {
  const tag = String(raw).replace(/\s+/g, ' ').trim().toLowerCase();
  return tag === '' ? null : tag;
}

/** A list of tags as stored: normalized, blanks dropped, duplicates removed (first one wins). */
export function normalizeTags(rawTags) {
  const seen = new Set();
  for (const raw of rawTags) {
    const tag = normalizeTag(raw);
    if (tag !== null) seen.add(tag);
  }
  return [...seen];
}
