import { expect, it } from 'vitest';
import { LIMITS } from '../../../../../contract/limits.ts';
import { readLength } from '../../../../../contract/mentions.ts';
import { encodeMentions, insertPick } from '../../mentions/mentionQuery.ts';
import { charCount } from './charCount.ts';

const bruno = { userId: '0b0c6f8e-3c1d-4d8e-9a6f-2f1e0d9c8b7a', displayName: 'Bruno', username: 'bruno' };
const nameOf = (id: string) => (id === bruno.userId ? bruno.displayName : undefined);

it('counts a picked mention as the name shown, exactly as the server counts the sent text', () => {
  const typed = `${'a'.repeat(LIMITS.messageMaxLength - 20)} @bru`;
  const picked = insertPick(typed, { start: typed.length - 4, query: 'bru' }, typed.length, bruno);
  const sent = encodeMentions(picked.text, [bruno]);
  // The token stored is longer than the name shown: counting it would refuse a text the server takes.
  expect(sent.length).toBeGreaterThan(LIMITS.messageMaxLength);
  expect(charCount(picked.text)).toMatchObject({ over: false, length: readLength(sent, nameOf) });
  expect(charCount(`${picked.text}${'b'.repeat(20)}`).over).toBe(true);
});
