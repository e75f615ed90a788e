// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, DesktopEvents } from '../../../../contract/desktop-bridge.ts';
import { useView } from '../../app/viewStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useDesktopIntegration } from './useDesktopIntegration.ts';

function Probe({ unread }: { unread: number }) {
  useDesktopIntegration(unread);
  return null;
}

afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
});

describe('the desktop integration of the client', () => {
  it('does nothing in a browser', () => {
    expect(() => render(<Probe unread={3} />)).not.toThrow();
  });

  it('reports the unread count and opens the conversation a notification or a link names', () => {
    const counts: number[] = [];
    const listeners = new Map<string, (payload: never) => void>();
    const bridge: Partial<DesktopBridge> = {
      setUnreadCount: (count) => {
        counts.push(count);
        return Promise.resolve();
      },
      on: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    };
    (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
    useView.getState().setView('settings');
    const { rerender, unmount } = render(<Probe unread={2} />);
    rerender(<Probe unread={5} />);
    expect(counts).toEqual([2, 5]);

    const emit = <E extends keyof DesktopEvents>(event: E, payload: DesktopEvents[E]) => {
      (listeners.get(event) as ((p: DesktopEvents[E]) => void) | undefined)?.(payload);
    };
    emit('deep-link', { kind: 'conversation', conversationId: 'c-42' });
    expect(useView.getState().view).toBe('chats');
    expect(useConversations.getState().selectedId).toBe('c-42');
    emit('open-conversation', { conversationId: 'c-7' });
    expect(useConversations.getState().selectedId).toBe('c-7');
    unmount();
    expect(listeners.size).toBe(0);
  });
});
