/**
 * The one way screens reach the kit: `useKit()`. main.tsx provides the real
 * kit (createKit); tests and storybook-like harnesses can provide a fake.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { KitApi } from '../kit/api';

const KitContext = createContext<KitApi | null>(null);

export function KitProvider({ kit, children }: { readonly kit: KitApi; readonly children: ReactNode }) {
  return <KitContext.Provider value={kit}>{children}</KitContext.Provider>;
}

export function useKit(): KitApi {
  const kit = useContext(KitContext);
  if (!kit) throw new Error('useKit() outside <KitProvider>');
  return kit;
}

/** The kit, or undefined before there is one: the boot screens draw the same frame as every screen. */
export function useOptionalKit(): KitApi | undefined {
  return useContext(KitContext) ?? undefined;
}
