import { create } from 'zustand';
import type { MessageDto } from '../../../../contract/messages.ts';

interface Waiting {
  message: MessageDto;
  targetLanguage: string;
}

interface DeviceModelWaiters {
  /** Messages whose translation on this device waits for its model, by message id. */
  waiting: Record<string, Waiting>;
  wait: (message: MessageDto, targetLanguage: string) => void;
  /** Hands over every waiting message (to translate them now that the model is there) and forgets them. */
  take: () => Waiting[];
}

/**
 * The messages that could not be translated on this device because its model is not downloaded. While
 * any wait, the page offers the model (with its license); once it is ready they are translated.
 */
export const useDeviceModelWaiters = create<DeviceModelWaiters>()((set, get) => ({
  waiting: {},
  wait: (message, targetLanguage) => {
    set((s) => ({ waiting: { ...s.waiting, [message.id]: { message, targetLanguage } } }));
  },
  take: () => {
    const taken = Object.values(get().waiting);
    set({ waiting: {} });
    return taken;
  },
}));
