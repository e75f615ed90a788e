import { describe, expect, it } from 'vitest';
import { mentionedUserIds, splitMentions } from '../../../../contract/mentions.ts';
import {
  activeMention,
  decodeMentions,
  encodeMentions,
  insertPick,
  matchCandidates,
  MAX_CANDIDATES,
} from './mentionQuery.ts';

const bruno = {
  userId: '11111111-1111-4111-8111-111111111111',
  displayName: 'Bruno Martin',
  username: 'bruno',
};
const elodie = { userId: '22222222-2222-4222-8222-222222222222', displayName: 'Élodie', username: 'elo' };
const alice = { userId: '33333333-3333-4333-8333-333333333333', displayName: 'Alice', username: 'alice' };
const members = [bruno, elodie, alice];

describe('activeMention', () => {
  it('opens on an @ at the start or after a space, with what follows up to the caret', () => {
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMention('salut @Bru', 10)).toEqual({ start: 6, query: 'Bru' });
    expect(activeMention('salut @Bruno Ma', 15)).toEqual({ start: 6, query: 'Bruno Ma' });
    expect(activeMention('(@al', 4)).toEqual({ start: 1, query: 'al' });
  });

  it('stays closed for an e-mail address, after a second word, on a new line, or with no @', () => {
    expect(activeMention('ann@example', 11)).toBeNull();
    expect(activeMention('@Bruno Martin est là', 20)).toBeNull();
    expect(activeMention('@Bruno\nsuite', 12)).toBeNull();
    expect(activeMention('@ Bruno', 7)).toBeNull();
    expect(activeMention('bonjour', 7)).toBeNull();
  });

  it('reads only up to the caret', () => {
    expect(activeMention('@Bru et la suite', 4)).toEqual({ start: 0, query: 'Bru' });
  });
});

describe('matchCandidates', () => {
  it('filters by name or username, accents and case aside, starts first, never the writer', () => {
    expect(matchCandidates(members, '', alice.userId)).toEqual([bruno, elodie]);
    expect(matchCandidates(members, 'elo', alice.userId)).toEqual([elodie]);
    expect(matchCandidates(members, 'ÉL', alice.userId)).toEqual([elodie]);
    expect(matchCandidates(members, 'mart', alice.userId)).toEqual([bruno]);
    expect(matchCandidates(members, 'rtin', alice.userId)).toEqual([bruno]);
    expect(matchCandidates(members, 'zz', alice.userId)).toEqual([]);
  });

  it(`offers at most ${MAX_CANDIDATES} people`, () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      userId: `id-${i}`,
      displayName: `Member ${String(i).padStart(2, '0')}`,
      username: `m${i}`,
    }));
    expect(matchCandidates(many, 'mem', 'self')).toHaveLength(MAX_CANDIDATES);
  });
});

describe('insertPick and encodeMentions', () => {
  it('writes the picked name in place of the query, then sends it as the user id token', () => {
    const text = 'merci @bru on se voit';
    const picked = insertPick(text, { start: 6, query: 'bru' }, 10, bruno);
    expect(picked).toEqual({ text: 'merci @Bruno Martin on se voit', caret: 20 });
    const sent = encodeMentions(picked.text, [bruno]);
    expect(sent).toBe(`merci @${bruno.userId} on se voit`);
    expect(mentionedUserIds(sent)).toEqual([bruno.userId]);
    expect(splitMentions(sent)).toEqual([
      { kind: 'text', text: 'merci ' },
      { kind: 'mention', userId: bruno.userId },
      { kind: 'text', text: ' on se voit' },
    ]);
  });

  it('takes the longer name first and leaves a name the writer broke as plain text', () => {
    const ann = { userId: '44444444-4444-4444-8444-444444444444', displayName: 'Ann', username: 'ann' };
    const annLee = {
      userId: '55555555-5555-4555-8555-555555555555',
      displayName: 'Ann Lee',
      username: 'annlee',
    };
    expect(encodeMentions('@Ann Lee et @Ann', [ann, annLee])).toBe(`@${annLee.userId} et @${ann.userId}`);
    expect(encodeMentions('@Brno Martin', [bruno])).toBe('@Brno Martin');
  });
});

describe('decodeMentions', () => {
  it('shows known members by name for editing and gives the same tokens back; keeps an unknown one as a token', () => {
    const stranger = '66666666-6666-4666-8666-666666666666';
    const content = `@${bruno.userId} et @${elodie.userId}, pas @${stranger}`;
    const decoded = decodeMentions(content, members);
    expect(decoded.text).toBe(`@Bruno Martin et @Élodie, pas @${stranger}`);
    expect(encodeMentions(decoded.text, decoded.picked)).toBe(content);
  });
});
