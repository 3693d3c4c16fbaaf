import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DiscoveryAssignment } from '../../rules/discovery-duty';
import type { DutyRota } from './port';

interface RotaFile {
  nextIndex: number;
  claims: Record<string, DiscoveryAssignment>;
}

/**
 * The rotation's position in a JSON file under STATE_DIR. Claims are serialised within the worker process; the
 * file is replaced atomically, so a crash leaves either the old or the new position, never half of one.
 */
export class FileDutyRota implements DutyRota {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  claim(
    key: string,
    decide: (nextIndex: number) => { assignment: DiscoveryAssignment; nextIndex: number },
  ): Promise<DiscoveryAssignment> {
    const claimed = this.queue.then(() => this.claimNow(key, decide));
    this.queue = claimed.catch(() => undefined);
    return claimed;
  }

  private async claimNow(
    key: string,
    decide: (nextIndex: number) => { assignment: DiscoveryAssignment; nextIndex: number },
  ): Promise<DiscoveryAssignment> {
    const rota = await this.read();
    const earlier = rota.claims[key];
    if (earlier) return earlier;
    const { assignment, nextIndex } = decide(rota.nextIndex);
    await this.write({ nextIndex, claims: { ...rota.claims, [key]: assignment } });
    return assignment;
  }

  private async read(): Promise<RotaFile> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as RotaFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { nextIndex: 0, claims: {} };
      throw error;
    }
  }

  private async write(rota: RotaFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(rota, null, 2));
    await rename(temporary, this.file);
  }
}
