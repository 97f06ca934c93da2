import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/**
 * Calls `onChange` once a file has changed and stayed unchanged for `settleMs` (editors write a file in
 * several steps, or replace it by a rename). Watches the file's folder, not the file, so a replaced
 * file is still seen. Returns the function that stops watching.
 */
export function watchFile(path: string, onChange: () => void, settleMs = 150): () => void {
  const file = resolve(path);
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
