import { create } from 'zustand';
import type { OutboxEntry } from '../chat/outbox.ts';

/** Mirror of the durable outbox for rendering pending bubbles. */
export const useOutboxEntries = create<{ entries: readonly OutboxEntry[] }>(() => ({ entries: [] }));
