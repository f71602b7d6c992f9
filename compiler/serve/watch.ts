/**
 * `--watch`: calls back (debounced) when an input changes. Files are watched through their parent directory, since
 * editors often save by writing a new file and renaming it over the old one, which a watch on the file itself would
 * lose; directories of YAML are watched recursively for `.yaml`/`.yml`/`.json` files.
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface InputWatcher {
  /** Replaces the watched files (after a recompile found a different set of source files). */
  setFiles(files: readonly string[]): void;
  /** Schedules `onChange` as if an input had changed (debounced like an event). */
  trigger(): void;
  close(): void;
}

const YAML = /\.(ya?ml|json)$/i;

/**
 * Watches `files` and the YAML under `dirs`; `onChange` runs once per burst of events, `debounceMs` after the last.
 * `watchInputs(["mesh.ts"], [], reload)` → reload() shortly after mesh.ts is saved.
 */
export function watchInputs(
  files: readonly string[],
  dirs: readonly string[],
  onChange: () => void,
  debounceMs = 150,
): InputWatcher {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const dirWatchers = dirs.map((d) =>
    watch(d, { recursive: true }, (_event, name) => {
      if (name !== null && YAML.test(name)) fire();
    }),
  );
  let fileWatchers: FSWatcher[] = [];
  const setFiles = (list: readonly string[]) => {
    for (const w of fileWatchers) w.close();
    const byDir = new Map<string, Set<string>>();
    for (const f of list.map((p) => resolve(p)))
      byDir.set(dirname(f), (byDir.get(dirname(f)) ?? new Set()).add(basename(f)));
    fileWatchers = [...byDir].map(([dir, names]) =>
      watch(dir, (_event, name) => {
        if (name !== null && names.has(basename(join(dir, name)))) fire();
      }),
    );
  };
  setFiles(files);
  return {
    setFiles,
    trigger: fire,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of [...dirWatchers, ...fileWatchers]) w.close();
    },
  };
}
