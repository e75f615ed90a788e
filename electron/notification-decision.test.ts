import { describe, expect, it } from 'vitest';
import type { MessageNotice } from '../contract/desktop-bridge.ts';
import { parseNotice } from './message-notice.ts';
import { decideNotification } from './notification-decision.ts';
import { BADGE_CAP, unreadBadgeCount, unreadBadgeLabel, unreadTotal } from './unread-badge.ts';

const notice = (change: Partial<MessageNotice> = {}): MessageNotice => ({
  conversationId: 'c1',
  title: 'Ann',
  body: 'Bonjour',
  fromSelf: false,
  conversationMuted: false,
  ...change,
});
const away = { windowFocused: false, doNotDisturb: false };

describe('the notification decision', () => {
  it('notifies a message from someone else while the window is not focused', () => {
    expect(decideNotification(notice(), away)).toBe('notify');
  });
  it('stays quiet while the window has the focus', () => {
    expect(decideNotification(notice(), { ...away, windowFocused: true })).toBe('window-focused');
  });
  it('honours a muted conversation and do-not-disturb', () => {
    expect(decideNotification(notice({ conversationMuted: true }), away)).toBe('muted');
    expect(decideNotification(notice(), { ...away, doNotDisturb: true })).toBe('do-not-disturb');
  });
  it('never notifies the reader of their own message', () => {
    expect(decideNotification(notice({ fromSelf: true }), away)).toBe('own-message');
    expect(decideNotification(notice({ fromSelf: true, conversationMuted: true }), away)).toBe('own-message');
  });
});

describe('the unread badge', () => {
  it('counts the unread messages of conversations that are not muted', () => {
    expect(
      unreadTotal([
        { unreadCount: 3, muted: false },
        { unreadCount: 10, muted: true },
        { unreadCount: 2, muted: false },
      ]),
    ).toBe(5);
    expect(unreadTotal([])).toBe(0);
  });
  it('reduces whatever the page reports to a whole count', () => {
    expect(unreadBadgeCount(5)).toBe(5);
    expect(unreadBadgeCount(2.7)).toBe(2);
    for (const value of [-1, 0, Number.NaN, Number.NEGATIVE_INFINITY, '5', null, undefined, {}]) {
      expect(unreadBadgeCount(value)).toBe(0);
    }
    expect(unreadBadgeCount(Number.POSITIVE_INFINITY)).toBe(0);
    expect(unreadBadgeCount(1e12)).toBe(BADGE_CAP);
  });
  it('labels it briefly', () => {
    expect(unreadBadgeLabel(0)).toBe('');
    expect(unreadBadgeLabel(7)).toBe('7');
    expect(unreadBadgeLabel(100)).toBe('99+');
  });
});

describe('a notification request from the page', () => {
  it('is accepted in its declared shape only', () => {
    expect(parseNotice(notice())).toEqual(notice());
    for (const hostile of [
      null,
      'x',
      { ...notice(), body: 'a'.repeat(5_000) },
      { ...notice(), fromSelf: 'no' },
      { ...notice(), onclick: 'open' },
      { title: 'x' },
    ]) {
      expect(() => parseNotice(hostile)).toThrow();
    }
  });
});
