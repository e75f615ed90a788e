/**
 * Splits a message into the parts a translation model should see and the parts it must not touch. Models see
 * one line (or one sentence of a long line) at a time; code blocks, inline code, URLs, @mentions, #tags, emoji,
 * list markers and whitespace are kept verbatim and put back where they were.
 */
export type Piece = { kind: 'translate'; text: string } | { kind: 'verbatim'; text: string };

export interface SegmenterOptions {
  /** Longer lines are split at sentence boundaries into pieces of about this many characters. */
  maxPieceChars: number;
}

const CODE_FENCE = /```[\s\S]*?(?:```|$)/g;
const PROTECTED =
  /`[^`\n]*`|\b(?:https?:\/\/|www\.)[^\s<>]+[^\s<>.,;:!?)\]'"]|[\w.+-]+@[\w-]+\.[\w.-]+|[@#][\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?|(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\p{Emoji_Modifier}|\u200D(?:\p{Extended_Pictographic}|\p{Regional_Indicator})|\p{Regional_Indicator})*/gu;
const LIST_MARKER = /^(\s*(?:[-*•+]|\d{1,3}[.)]|[a-zA-Z][.)])\s+)/;

function push(pieces: Piece[], piece: Piece): void {
  if (piece.text === '') return;
  const last = pieces[pieces.length - 1];
  // Adjacent verbatim runs merge, so the output has no empty translate slots between them.
  if (last?.kind === 'verbatim' && piece.kind === 'verbatim') last.text += piece.text;
  else pieces.push(piece);
}

function splitSentences(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const parts: string[] = [];
  let current = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'sentence' }).segment(text)) {
    if (current !== '' && current.length + segment.length > maxChars) {
      parts.push(current);
      current = '';
    }
    current += segment;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** A run of prose: its surrounding spaces stay verbatim; text without letters (numbers, punctuation) too. */
function pushProse(pieces: Piece[], text: string, options: SegmenterOptions): void {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const [, leading = '', core = '', trailing = ''] = match ?? [];
  push(pieces, { kind: 'verbatim', text: leading });
  if (/\p{L}/u.test(core)) {
    for (const sentence of splitSentences(core, options.maxPieceChars)) {
      const inner = /^(\s*)([\s\S]*?)(\s*)$/.exec(sentence);
      push(pieces, { kind: 'verbatim', text: inner?.[1] ?? '' });
      push(pieces, { kind: 'translate', text: inner?.[2] ?? sentence });
      push(pieces, { kind: 'verbatim', text: inner?.[3] ?? '' });
    }
  } else {
    push(pieces, { kind: 'verbatim', text: core });
  }
  push(pieces, { kind: 'verbatim', text: trailing });
}

function segmentLine(pieces: Piece[], line: string, options: SegmenterOptions): void {
  const marker = LIST_MARKER.exec(line)?.[1] ?? '';
  push(pieces, { kind: 'verbatim', text: marker });
  const rest = line.slice(marker.length);
  let position = 0;
  for (const match of rest.matchAll(PROTECTED)) {
    pushProse(pieces, rest.slice(position, match.index), options);
    push(pieces, { kind: 'verbatim', text: match[0] });
    position = match.index + match[0].length;
  }
  pushProse(pieces, rest.slice(position), options);
}

export function segmentText(text: string, options: SegmenterOptions = { maxPieceChars: 400 }): Piece[] {
  const pieces: Piece[] = [];
  let position = 0;
  const proseBlocks: [string, boolean][] = [];
  for (const match of text.matchAll(CODE_FENCE)) {
    proseBlocks.push([text.slice(position, match.index), false], [match[0], true]);
    position = match.index + match[0].length;
  }
  proseBlocks.push([text.slice(position), false]);
  for (const [block, isCode] of proseBlocks) {
    if (isCode) {
      push(pieces, { kind: 'verbatim', text: block });
      continue;
    }
    // Lines keep their own separators (\n or \r\n), so blank lines and paragraph breaks survive.
    for (const part of block.split(/(\r?\n)/)) {
      if (part === '\n' || part === '\r\n') push(pieces, { kind: 'verbatim', text: part });
      else segmentLine(pieces, part, options);
    }
  }
  return pieces;
}

/** Puts translated pieces back in place; `translations` holds one entry per translate piece, in order. */
export function reassemble(pieces: Piece[], translations: string[]): string {
  let next = 0;
  return pieces
    .map((piece) => {
      if (piece.kind === 'verbatim') return piece.text;
      const translated = translations[next];
      next += 1;
      return translated ?? piece.text;
    })
    .join('');
}

export function translatablePieces(pieces: Piece[]): string[] {
  return pieces.filter((piece) => piece.kind === 'translate').map((piece) => piece.text);
}
