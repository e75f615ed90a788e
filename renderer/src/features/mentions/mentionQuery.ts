import { mentionToken, splitMentions } from '../../../../contract/mentions.ts';

// The mention picker's logic, apart from React: what is being typed after `@`, who matches it, what a pick
// does to the text, and how the names written in the composer become mention tokens when the message goes.

export interface MentionCandidate {
  userId: string;
  displayName: string;
  username: string;
}

/** The `@…` being typed at the caret: where its `@` is and the text typed after it. */
export interface ActiveMention {
  start: number;
  query: string;
}

/** At most this many people are offered at once; typing more narrows the list. */
export const MAX_CANDIDATES = 8;
/** A query longer than this is not a name being typed any more. */
const MAX_QUERY_LENGTH = 32;

/**
 * The mention being typed at `caret`, if any: an `@` at the start of the text or after a space or an opening
 * bracket, followed (up to the caret) by at most one space-separated word pair, so that "@Bruno Ma" still
 * narrows to "Bruno Martin" while an e-mail address (`ann@example`) never opens the list.
 */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const preceding = at === 0 ? '' : before.charAt(at - 1);
  if (preceding !== '' && !/[\s([{"'«]/u.test(preceding)) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY_LENGTH || /\n/.test(query) || /\s\S*\s/u.test(query) || /^\s/u.test(query))
    return null;
  return { start: at, query };
}

/** Lower-cased, accents removed: "Élodie" is found by "elo". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The members matching the query, best first: a name or username that starts with it, then a word of the
 * name that does, then one that contains it; the writer themself is never offered.
 */
export function matchCandidates(
  members: readonly MentionCandidate[],
  query: string,
  selfId: string,
): MentionCandidate[] {
  const wanted = fold(query.trim());
  const scored: { candidate: MentionCandidate; score: number }[] = [];
  for (const candidate of members) {
    if (candidate.userId === selfId) continue;
    const name = fold(candidate.displayName);
    const username = fold(candidate.username);
    const score =
      name.startsWith(wanted) || username.startsWith(wanted)
        ? 0
        : name.split(/\s+/).some((word) => word.startsWith(wanted))
          ? 1
          : name.includes(wanted) || username.includes(wanted)
            ? 2
            : -1;
    if (score >= 0) scored.push({ candidate, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.candidate.displayName.localeCompare(b.candidate.displayName))
    .slice(0, MAX_CANDIDATES)
    .map((entry) => entry.candidate);
}

/** The text once `@query` is replaced by `@Display Name ` and where the caret goes (after the space). */
export function insertPick(
  text: string,
  mention: ActiveMention,
  caret: number,
  candidate: MentionCandidate,
): { text: string; caret: number } {
  const inserted = `@${candidate.displayName} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}

/**
 * What is sent: each picked person's `@Display Name` still in the text becomes their mention token. Longer
 * names go first, so that "@Ann Lee" is not taken for "@Ann" followed by " Lee". A name the writer has since
 * broken (edited a letter of) stays plain text: they no longer meant the mention.
 */
export function encodeMentions(text: string, picked: readonly MentionCandidate[]): string {
  const byLength = [...picked].sort((a, b) => b.displayName.length - a.displayName.length);
  let encoded = text;
  for (const candidate of byLength) {
    encoded = encoded.replaceAll(`@${candidate.displayName}`, mentionToken(candidate.userId));
  }
  return encoded;
}

/**
 * The other way, for editing a sent message: each mention of a known member becomes `@Display Name` again, and
 * the people it names are returned as picked, so that `encodeMentions` gives the same tokens back on save.
 * A mention of someone unknown here (no longer a member) keeps its token, and so its meaning.
 */
export function decodeMentions(
  content: string,
  members: readonly MentionCandidate[],
): { text: string; picked: MentionCandidate[] } {
  const picked: MentionCandidate[] = [];
  const text = splitMentions(content)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const member = members.find((candidate) => candidate.userId === part.userId);
      if (member === undefined) return mentionToken(part.userId);
      if (!picked.includes(member)) picked.push(member);
      return `@${member.displayName}`;
    })
    .join('');
  return { text, picked };
}
