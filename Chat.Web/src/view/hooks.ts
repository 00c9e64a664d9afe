import { useLayoutEffect, useReducer } from 'preact/hooks';
import type { Store } from '../state/store';

/** Re-renders the component whenever the store's value changes. */
export function useStore<T>(store: Store<T>): T {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => store.subscribe(() => changed(undefined)), [store]);
  return store.get();
}
