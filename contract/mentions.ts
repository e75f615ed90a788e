/**
 * How a mention lives in a message's text: `@` followed by the mentioned user's id, e.g.
 * `@0b0c6f8e-3c1d-4d8e-9a6f-2f1e0d9c8b7a`. Kept in the content itself (not in a list beside it) because the
 * content is what gets translated: the translator keeps `@word` runs verbatim (translator/text/segmenter.ts),
 * so the token comes out of every translation at the place the translation put it, and each reader's client
 * turns it into the user's current display name. A list of ids beside the text could not say where, in a
 * translated sentence, the name goes. The server derives who is mentioned from the content (and checks they
 * are members), so there is one source of truth and an edit updates the mentions with the text.
 */

/** User ids are server-generated UUIDs; a mention is one, right after `@`, not followed by more of a word. */
const MENTION = /@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/g;

export function mentionToken(userId: string): string {
  return `@${userId}`;
}

/** The ids mentioned in a text, each once, in order of first appearance. */
export function mentionedUserIds(content: string): string[] {
  const ids: string[] = [];
  for (const match of content.matchAll(MENTION)) {
    const id = match[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function mentions(content: string, userId: string): boolean {
  return mentionedUserIds(content).includes(userId);
}

export type MentionPart = { kind: 'text'; text: string } | { kind: 'mention'; userId: string };

/** The text cut into plain runs and mentions, in order, for rendering. */
export function splitMentions(content: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let position = 0;
  for (const match of content.matchAll(MENTION)) {
    if (match.index > position) parts.push({ kind: 'text', text: content.slice(position, match.index) });
    parts.push({ kind: 'mention', userId: match[1] ?? '' });
    position = match.index + match[0].length;
  }
  if (position < content.length) parts.push({ kind: 'text', text: content.slice(position) });
  return parts;
}

/**
 * The length of a text as its readers see it, the limit the server enforces (LIMITS.messageMaxLength):
 * characters counted as `characterCount` does, each mention as `@` and the person's display name (what the
 * composer shows while writing), or as its token when the name is not known.
 */
export function readLength(content: string, displayNameOf: (userId: string) => string | undefined): number {
  let length = 0;
  for (const part of splitMentions(content)) {
    const shown = part.kind === 'text' ? part.text : `@${displayNameOf(part.userId) ?? part.userId}`;
    for (const _codePoint of shown) length += 1;
  }
  return length;
}

/**
 * The shortest a text can read: each mention as `@` and a one-character name. A check without the names
 * (the request's schema) refuses only what no names could bring under the limit.
 */
export function shortestReadLength(content: string): number {
  return readLength(content, () => 'x');
}
