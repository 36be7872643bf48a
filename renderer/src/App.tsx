import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { EventsScreen } from './EventsScreen';
import { ImportScreen } from './ImportScreen';
import { KitBuilder } from './KitBuilder';
import { LibraryScreen } from './library/LibraryScreen';
import { QuestionsScreen } from './QuestionsScreen';

type Screen = 'builder' | 'questions' | 'library' | 'events' | 'import';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } } });

const TABS: [Screen, string, string][] = [
  ['builder', 'Kit builder', 'Alt+1'],
  ['questions', 'Questions', 'Alt+2'],
  ['library', 'Library', 'Alt+3'],
  ['events', 'Events', 'Alt+4'],
  ['import', 'Import', 'Alt+5'],
];

export function App() {
  const [screen, setScreen] = useState<Screen>('builder');
  useEffect(() => window.api.onMenu((a) => a === 'new-kit' && setScreen('builder')), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const tab = TABS[Number(e.key) - 1];
      if (tab) {
        e.preventDefault();
        setScreen(tab[0]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <div className="app">
        <header>
          <h1>Interview Kit Builder</h1>
          <nav aria-label="Screens">
            {TABS.map(([id, label, keys]) => (
              <button key={id} type="button" title={keys} aria-keyshortcuts={keys} aria-current={screen === id ? 'page' : undefined} onClick={() => setScreen(id)}>
                {label}
              </button>
            ))}
          </nav>
        </header>
        <main>
          {screen === 'builder' && <KitBuilder />}
          {screen === 'questions' && <QuestionsScreen />}
          {screen === 'library' && <LibraryScreen />}
          {screen === 'events' && <EventsScreen />}
          {screen === 'import' && <ImportScreen />}
        </main>
      </div>
    </QueryClientProvider>
  );
}
