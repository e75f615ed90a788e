// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, StackStatus } from '../../../../contract/desktop-bridge.ts';
import { StackNotice } from './StackNotice.tsx';

afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
});

/** A bridge whose stack starts ready and whose pushed status the test sends. */
function fakeStackBridge() {
  let push: (status: StackStatus) => void = () => undefined;
  let retries = 0;
  const bridge: Partial<DesktopBridge> = {
    stackStatus: () => Promise.resolve({ state: 'ready', url: 'http://127.0.0.1:1' }),
    retryStack: () => {
      retries += 1;
      return Promise.resolve();
    },
    on: ((event: string, listener: (status: StackStatus) => void) => {
      if (event === 'stack-status') push = listener;
      return () => undefined;
    }) as DesktopBridge['on'],
  };
  (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
  return {
    push: (status: StackStatus) => {
      act(() => {
        push(status);
      });
    },
    retries: () => retries,
  };
}

describe('the local stack notice', () => {
  it('shows nothing in a browser or while the stack is up', async () => {
    const { container } = render(<StackNotice />);
    expect(container.textContent).toBe('');
    cleanup();
    fakeStackBridge();
    const shown = render(<StackNotice />);
    await act(() => Promise.resolve());
    expect(shown.container.textContent).toBe('');
  });

  it('says which part restarts, and offers a retry with the log file once the stack gave up', async () => {
    const stack = fakeStackBridge();
    render(<StackNotice />);
    await act(() => Promise.resolve());
    stack.push({ state: 'restarting', service: 'server', attempt: 2 });
    expect(screen.getByText(/restarting \(attempt 2\)/).dataset['stack']).toBe('restarting');
    stack.push({ state: 'failed', reason: 'port 3000 is taken', logFile: '/logs/main.log' });
    expect(screen.getByText(/port 3000 is taken.*\/logs\/main\.log/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button'));
    expect(stack.retries()).toBe(1);
    stack.push({ state: 'ready', url: 'http://127.0.0.1:1' });
    expect(screen.queryByRole('button')).toBeNull();
    stack.push({ state: 'stopped' });
    expect(screen.getByText(/local server is stopped/).dataset['stack']).toBe('stopped');
  });
});
