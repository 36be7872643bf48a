/**
 * Document speed on the demo library: composing and rendering a kit and a
 * packet to Word, and to HTML (the preview), and to PDF when Chromium is here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeKit, composePacket, findChromium, PdfPrinter, renderDocx, renderHtml } from '../electron/documents';
import { list, loadDemo, loadLibrary, openLibrary } from '../electron/store';
import { ms, summarise } from './util';

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  await fn(); // warm up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function benchDocuments(): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-bench-docs-'));
  const { db } = await openLibrary(path.join(dir, 'demo.db'));
  loadDemo(db);
  const lib = loadLibrary(db);
  const role = list(db, 'roles').find((r) => r.title === 'Customer Support Specialist') ?? list(db, 'roles')[0];
  const stage = lib.stages.find((s) => s.roleId === role?.id);
  const candidate = lib.candidates.find((c) => c.roleId === role?.id);
  if (!role || !stage) throw new Error('demo library has no role with a stage');
  const kitOpts = { roleId: role.id, stageId: stage.id, candidateId: candidate?.id ?? null };
  const packetOpts = { roleId: role.id, candidateId: candidate?.id ?? null };

  const N = 40;
  const kitDocx = summarise(await time(N, () => renderDocx(composeKit(lib, kitOpts).doc)));
  const packetDocx = summarise(await time(N, () => renderDocx(composePacket(lib, packetOpts).doc)));
  const kitHtml = summarise(await time(N, () => renderHtml(composeKit(lib, kitOpts).doc, { preview: true })));
  const out: Record<string, string> = {
    'kit → .docx (compose + render)': `${ms(kitDocx.median)} median, ${ms(kitDocx.p95)} p95, ${(1000 / kitDocx.median).toFixed(0)} docs/s`,
    'packet → .docx (compose + render)': `${ms(packetDocx.median)} median, ${ms(packetDocx.p95)} p95, ${(1000 / packetDocx.median).toFixed(0)} docs/s`,
    'kit → HTML preview': `${ms(kitHtml.median)} median, ${ms(kitHtml.p95)} p95`,
  };
  if (findChromium()) {
    const printer = await PdfPrinter.launch();
    try {
      const html = renderHtml(composeKit(lib, kitOpts).doc);
      const pdf = summarise(await time(10, () => printer.print(html)));
      out['kit HTML → PDF (Chromium, reused)'] = `${ms(pdf.median)} median, ${(1000 / pdf.median).toFixed(1)} docs/s`;
    } finally {
      await printer.close();
    }
  } else {
    out['kit HTML → PDF'] = 'skipped: Chromium not found';
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}
