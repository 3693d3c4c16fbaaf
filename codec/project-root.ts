import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder holding package.json. Code runs both from source (`tsx`, jest) and compiled under `lib/`, one folder
 * deeper, so a path counted from `__dirname` would point at a different `.temporal/` in each.
 */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
