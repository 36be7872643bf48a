/**
 * Batch exports the window starts, watches and cancels. A job runs in the
 * background (its work on worker threads); the window polls its status, so
 * the same channels work over Electron IPC and over the e2e test bridge.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError, messageOf } from '../../shared/errors';
import type { Database } from '../store';
import { logBatch, planBatch, runBatch, type BatchFormat, type BatchProgress, type BatchResult } from './batch';
import type { HtmlPrinter } from './documents';

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobStatus {
  id: string;
  state: JobState;
  folder: string;
  progress: BatchProgress;
  written: number;
  skipped: number;
  failed: { candidate: string; document: string; reason: string }[];
  error: string | null;
}

interface Job {
  status: JobStatus;
  controller: AbortController;
  done: Promise<void>;
}

export class BatchJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly db: Database, private readonly printer: () => Promise<HtmlPrinter>) {}

  async start(eventId: string, outDir: string, formats: BatchFormat[], combined: boolean): Promise<JobStatus> {
    const plan = planBatch(this.db, eventId, { outDir, formats, combined });
    const controller = new AbortController();
    const status: JobStatus = {
      id: randomUUID(),
      state: 'running',
      folder: plan.folder,
      progress: { done: 0, total: plan.documents.length * plan.formats.length, elapsedMs: 0, etaMs: null, current: '' },
      written: 0,
      skipped: 0,
      failed: [], // filled when the run ends: its failures include the plan's problems
      error: null,
    };
    const printer = formats.includes('pdf') ? await this.printer() : null;
    const finish = (result: BatchResult) => {
      logBatch(this.db, plan, result);
      status.written = result.written.length;
      status.skipped = result.skipped.length;
      status.failed.push(...result.failed.map(({ candidate, document, reason }) => ({ candidate, document, reason })));
      status.state = result.cancelled ? 'cancelled' : 'done';
    };
    const done = runBatch(plan, { signal: controller.signal, printer, onProgress: (p) => (status.progress = p) }).then(
      finish,
      (err: unknown) => {
        status.state = 'failed';
        status.error = messageOf(err);
      },
    );
    this.jobs.set(status.id, { status, controller, done });
    return { ...status };
  }

  status(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError('export job', id);
    return { ...job.status, progress: { ...job.status.progress }, failed: [...job.status.failed] };
  }

  /** Asks the job to stop; it stops within a second, leaving only complete files. */
  cancel(id: string): JobStatus {
    this.jobs.get(id)?.controller.abort();
    return this.status(id);
  }

  get running(): boolean {
    return [...this.jobs.values()].some((j) => j.status.state === 'running');
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  /** Waits for every job (closing the app, ending a test). */
  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }
}
