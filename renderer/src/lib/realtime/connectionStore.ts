import { create } from 'zustand';

/**
 * offline: the machine has no network (or the user is signed out); connecting: first attempt or
 * reconnecting; unreachable: attempts fail; syncing: connected, catching up; online: up to date.
 */
export type ConnectionState = 'offline' | 'connecting' | 'unreachable' | 'syncing' | 'online';

interface ConnectionStore {
  state: ConnectionState;
  setState: (state: ConnectionState) => void;
}

export const useConnection = create<ConnectionStore>((set) => ({
  state: 'connecting',
  setState: (state) => {
    set({ state });
  },
}));
