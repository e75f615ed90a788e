import { create } from 'zustand';

export type View = 'chats' | 'settings' | 'models' | 'server';

export const useView = create<{ view: View; setView: (view: View) => void }>((set) => ({
  view: 'chats',
  setView: (view) => {
    set({ view });
  },
}));
