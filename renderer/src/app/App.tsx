import { useEffect } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen.tsx';
import { useAuth } from '../features/auth/authStore.ts';
import { engine } from '../features/sync/engine.ts';
import { Shell } from './Shell.tsx';
import { resetUserState } from './resetUserState.ts';
import { useTheme } from './useTheme.ts';

export function App() {
  useTheme();
  const userId = useAuth((s) => s.session?.user.id ?? null);

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

  return userId === null ? <AuthScreen /> : <Shell />;
}
