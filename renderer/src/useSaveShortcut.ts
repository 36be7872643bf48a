import { useEffect } from 'react';

/** Ctrl+S (Cmd+S on a Mac) saves the form on screen. */
export function useSaveShortcut(save: () => void | Promise<void>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);
}
