import { describe, expect, it } from 'vitest';
import { reassemble, segmentText, translatablePieces } from './segmenter.ts';

const upper = (text: string) => {
  const pieces = segmentText(text);
  return reassemble(
    pieces,
    translatablePieces(pieces).map((piece) => piece.toUpperCase()),
  );
};

describe('segmentText', () => {
  it('translates prose by line and keeps paragraph breaks', () => {
    const text = 'first line\nsecond line\n\nnew paragraph';
    expect(translatablePieces(segmentText(text))).toEqual(['first line', 'second line', 'new paragraph']);
    expect(upper(text)).toBe('FIRST LINE\nSECOND LINE\n\nNEW PARAGRAPH');
  });

  it('keeps code blocks, inline code, URLs, mentions, tags and emoji verbatim', () => {
    const text =
      'look @bob.smith at https://example.com/a?b=1 now 😀👍🏽\n```\nconst x = 1;\n```\nrun `npm test` #today';
    expect(upper(text)).toBe(
      'LOOK @bob.smith AT https://example.com/a?b=1 NOW 😀👍🏽\n```\nconst x = 1;\n```\nRUN `npm test` #today',
    );
  });

  it('keeps a mention token (`@` and a user id, contract/mentions.ts) verbatim, punctuation after it translated', () => {
    const id = '0b0c6f8e-3c1d-4d8e-9a6f-2f1e0d9c8b7a';
    expect(upper(`merci @${id}, à demain @${id}.`)).toBe(`MERCI @${id}, À DEMAIN @${id}.`);
  });

  it('keeps list markers, numbers and surrounding spaces', () => {
    expect(upper('- buy bread\n2. call mom  \n  42 !')).toBe('- BUY BREAD\n2. CALL MOM  \n  42 !');
  });

  it('splits a long line at sentence boundaries', () => {
    const sentence = 'This is a sentence that is fairly long. ';
    const pieces = translatablePieces(segmentText(sentence.repeat(20), { maxPieceChars: 100 }));
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    expect(upper(sentence.repeat(3))).toBe(sentence.repeat(3).toUpperCase());
  });

  it('an emoji-only message has nothing to translate', () => {
    expect(translatablePieces(segmentText('🎉🎉 🥳'))).toEqual([]);
  });
});
