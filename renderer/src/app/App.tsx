import { useEffect } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen.tsx';
import { useAuth } from '../features/auth/authStore.ts';
import { engine } from '../features/sync/engine.ts';
import { GuestShell } from '../features/join/GuestShell.tsx';
import { JoinScreen } from '../features/join/JoinScreen.tsx';
import { followDesktopJoinLinks, useJoinRoute } from '../features/join/joinRoute.ts';
import { desktopBridge } from '../lib/desktopBridge.ts';
import { Shell } from './Shell.tsx';
import { resetUserState } from './resetUserState.ts';
import { useTheme } from './useTheme.ts';

// Before the first render: a join link that launched the desktop app arrives as soon as the page has loaded.
followDesktopJoinLinks(desktopBridge());

export function App() {
  useTheme();
  const userId = useAuth((s) => s.session?.user.id ?? null);
  const isGuest = useAuth((s) => s.session?.user.isGuest === true);
  const joinCode = useJoinRoute((s) => s.code);

  // The engine lives exactly as long as a signed-in user; a different user starts from clean stores.
  useEffect(() => {
    const user = useAuth.getState().session?.user;
    if (userId === null || user === undefined) return;
    void engine.start(user);
    return () => {
      engine.stop();
      resetUserState();
    };
  }, [userId]);

  // A join link being opened (/join/<code>, meeshy://join/<code>) comes first, signed in or not.
  if (joinCode !== null) return <JoinScreen code={joinCode} />;
  if (userId === null) return <AuthScreen />;
  return isGuest ? <GuestShell /> : <Shell />;
}
