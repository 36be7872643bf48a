/**
 * The Electron shell, kept thin: the window, the menu, dialogs, IPC
 * registration and printToPDF. Everything else lives in the store, the
 * documents and the services, which run and are tested in plain Node.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { CHANNELS, type MenuAction } from '../../shared/ipc';
import { messageOf } from '../../shared/errors';
import {
  appDataDir,
  backupLibrary,
  defaultLibraryPath,
  exportBundle,
  importBundle,
  isLibraryEmpty,
  loadDemo,
  openLibrary,
  parseBundleText,
  readUserFile,
  restoreLibrary,
  writeFileAtomic,
  MAX_BUNDLE_BYTES,
  type Database,
} from '../store';
import { BatchJobs } from '../services/batch-jobs';
import { createDispatcher, createHandlers, type Dispatch, type Platform } from '../services/ipc';
import { hardenApp, isTrustedSender } from './security';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const nativeBinding = process.env.IKIT_SQLITE_BINDING;
const resourcesDir = path.join(app.getAppPath(), 'resources');

let mainWindow: BrowserWindow | null = null;
let db: Database | null = null;
let dispatch: Dispatch | null = null;
let jobs: BatchJobs | null = null;
const libraryPath = defaultLibraryPath();

app.setPath('userData', appDataDir());
hardenApp(devServerUrl);

/** Prints HTML to PDF in a hidden, locked-down window. */
async function printHtmlToPdf(html: string): Promise<Buffer> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
  } finally {
    win.destroy();
  }
}

const platform: Platform = {
  async chooseSavePath(suggestedName, format) {
    const options: Electron.SaveDialogOptions = {
      defaultPath: path.join(app.getPath('documents'), suggestedName),
      filters: [format === 'docx' ? { name: 'Word document', extensions: ['docx'] } : { name: 'PDF', extensions: ['pdf'] }],
    };
    const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  async chooseFolder(purpose) {
    const options: Electron.OpenDialogOptions = { title: purpose, properties: ['openDirectory', 'createDirectory'] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async printer() {
    return { print: (html: string) => printHtmlToPdf(html) };
  },
  writeFile: (file, bytes) => writeFileAtomic(file, bytes),
};

async function openCurrentLibrary(): Promise<void> {
  const opened = await openLibrary(libraryPath, nativeBinding ? { nativeBinding } : {});
  db = opened.db;
  if (isLibraryEmpty(db)) loadDemo(db, resourcesDir);
  jobs = new BatchJobs(db, () => platform.printer());
  dispatch = createDispatcher(createHandlers({ db, libraryPath, platform, jobs }));
}

function registerIpc(): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event, devServerUrl) || !dispatch) {
        return { ok: false, error: { code: 'forbidden', message: 'Request refused.' } };
      }
      return dispatch(channel, payload);
    });
  }
}

function send(action: MenuAction): void {
  mainWindow?.webContents.send('menu', action);
}

async function report(task: () => Promise<string | null>): Promise<void> {
  try {
    const message = await task();
    if (message) await dialog.showMessageBox({ type: 'info', message });
  } catch (err) {
    dialog.showErrorBox('Interview Kit Builder', messageOf(err));
  }
}

async function backup(): Promise<string | null> {
  if (!db) return null;
  const r = await dialog.showSaveDialog({ defaultPath: `interview-kit-library-${new Date().toISOString().slice(0, 10)}.ikit-backup` });
  if (r.canceled || !r.filePath) return null;
  return `Library backed up to ${await backupLibrary(db, r.filePath)}.`;
}

async function restore(): Promise<string | null> {
  const r = await dialog.showOpenDialog({ properties: ['openFile'], filters: [{ name: 'Library backup', extensions: ['ikit-backup', 'db', 'backup'] }] });
  const file = r.filePaths[0];
  if (r.canceled || !file) return null;
  db?.close();
  try {
    const result = await restoreLibrary(libraryPath, file, nativeBinding ? { nativeBinding } : {});
    return `Library restored. The library it replaced is kept at ${result.previousKeptAt ?? '(none)'}.`;
  } finally {
    await openCurrentLibrary();
    mainWindow?.reload();
  }
}

async function exportLibraryBundle(): Promise<string | null> {
  if (!db) return null;
  const r = await dialog.showSaveDialog({ defaultPath: 'library.ikit-bundle.json' });
  if (r.canceled || !r.filePath) return null;
  writeFileAtomic(r.filePath, `${JSON.stringify(exportBundle(db), null, 2)}\n`);
  return `Library exported to ${r.filePath} (candidates are not included).`;
}

async function importLibraryBundle(): Promise<string | null> {
  if (!db) return null;
  const r = await dialog.showOpenDialog({ properties: ['openFile'], filters: [{ name: 'Library bundle', extensions: ['json'] }] });
  const file = r.filePaths[0];
  if (r.canceled || !file) return null;
  const data = parseBundleText(readUserFile(file, MAX_BUNDLE_BYTES, 'bundle'), `The file "${file}"`);
  const dry = importBundle(db, data, { dryRun: true, source: `The file "${file}"` });
  const t = dry.totals;
  const answer = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Import', 'Cancel'],
    message: `Import ${path.basename(file)}?`,
    detail: `Adds ${t.added}, updates ${t.updated}, leaves ${t.unchanged} unchanged, ${t.conflicts} conflicts (your copy kept).`,
  });
  if (answer.response !== 0) return null;
  importBundle(db, data, { source: `The file "${file}"` });
  mainWindow?.reload();
  return 'Library bundle imported.';
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New Kit', accelerator: 'CmdOrCtrl+N', click: () => send('new-kit') },
        { type: 'separator' },
        { label: 'Export Word…', accelerator: 'CmdOrCtrl+E', click: () => send('export-docx') },
        { label: 'Export PDF…', accelerator: 'CmdOrCtrl+Shift+E', click: () => send('export-pdf') },
        { label: 'Print…', accelerator: 'CmdOrCtrl+P', click: () => send('print') },
        { type: 'separator' },
        { label: 'Back Up Library…', click: () => void report(backup) },
        { label: 'Restore Library…', click: () => void report(restore) },
        { label: 'Import Library Bundle…', click: () => void report(importLibraryBundle) },
        { label: 'Export Library Bundle…', click: () => void report(exportLibraryBundle) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Interview Kit Builder',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              message: `Interview Kit Builder ${app.getVersion()}`,
              detail: `Your library: ${libraryPath}\nData folder: ${app.getPath('userData')}`,
            }),
        },
        { label: 'Open Data Folder', click: () => void shell.openPath(app.getPath('userData')) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Interview Kit Builder',
    show: false,
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK asks for a review of what the preload exposes. Reviewed:
      // electron/preload/index.ts exposes one `window.api` through contextBridge with two functions,
      // invoke() limited to the channels declared in shared/ipc.ts (each validated by zod in main,
      // from the app's own top frame only; see security.ts) and onMenu() limited to MENU_ACTIONS.
      // The page never gets ipcRenderer, Node or Electron objects, and the window is sandboxed.
      preload: path.join(import.meta.dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.whenReady().then(async () => {
  try {
    await openCurrentLibrary();
  } catch (err) {
    dialog.showErrorBox('Interview Kit Builder cannot open your library', messageOf(err));
    app.quit();
    return;
  }
  registerIpc();
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// A batch export still running is cancelled (it leaves only complete files) before the library closes.
app.on('before-quit', (event) => {
  const running = jobs;
  if (!running?.running) return;
  event.preventDefault();
  running.cancelAll();
  void running.settle().then(() => app.quit());
});

app.on('will-quit', () => {
  db?.close();
});
