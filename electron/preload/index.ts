/**
 * The preload: one narrow `window.api`, its channels derived from the shared
 * contract. The page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, MENU_ACTIONS, type IpcResult, type MenuAction } from '../../shared/ipc';

const allowed = new Set<string>(CHANNELS);
const menuActions = new Set<string>(MENU_ACTIONS);

const api = {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `Unknown request "${channel}".` } });
    }
    return ipcRenderer.invoke(channel, input) as Promise<IpcResult<unknown>>;
  },
  onMenu(listener: (action: MenuAction) => void): () => void {
    const wrapped = (_event: unknown, action: unknown) => {
      if (typeof action === 'string' && menuActions.has(action)) listener(action as MenuAction);
    };
    ipcRenderer.on('menu', wrapped);
    return () => ipcRenderer.removeListener('menu', wrapped);
  },
};

contextBridge.exposeInMainWorld('api', api);
