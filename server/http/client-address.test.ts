import { describe, expect, it } from 'vitest';
import { rateLimitKeyOf } from './client-address.ts';

describe('rate-limit key of a client address', () => {
  it('keeps an IPv4 address whole, also when a dual-stack socket writes it as IPv6', () => {
    expect(rateLimitKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    expect(rateLimitKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('[2001:db8:1:2::99]')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitKeyOf('2001:db8::1.2.3.4')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKeyOf('2001:db8:1:3::1')).not.toBe(rateLimitKeyOf('2001:db8:1:2::1'));
  });

  it('leaves anything unreadable as its own key', () => {
    expect(rateLimitKeyOf('not an address')).toBe('not an address');
    expect(rateLimitKeyOf('')).toBe('');
  });
});
