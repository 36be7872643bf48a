/**
 * Question search latency over a library of 50,000 generated questions.
 * Target: p95 under 5 ms. Run with `npm run bench -- search`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Competency, Question } from '../shared/schemas';
import { create, demoBundle, openLibrary, searchQuestions, searchQuestionsWithInfo, tx } from '../electron/store';
import { ms, summarise, timed } from './util';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 50_000);
/**
 * The generated library is shaped like a real one: each question is a demo
 * question (written by people, so its word frequencies are realistic — e.g.
 * "customer" in about a third of them) with a few words swapped for others
 * from the demo's vocabulary, so no two questions are the same.
 */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(text: string, vocabulary: string[], rand: () => number): string {
  const words = text.split(' ');
  for (let k = 0; k < 3; k++) {
    const i = Math.floor(rand() * words.length);
    words[i] = vocabulary[Math.floor(rand() * vocabulary.length)] ?? words[i] ?? '';
  }
  return words.join(' ');
}

export async function benchSearch(): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikit-bench-search-'));
  const { db } = await openLibrary(path.join(dir, 'bench.db'));
  const rand = rng(42);
  const demo = demoBundle();
  const demoQuestions = (demo.entities.questions ?? []) as Question[];
  const vocabulary = [...new Set(demoQuestions.flatMap((q) => q.text.toLowerCase().match(/[a-z]+/g) ?? []))];
  const guide = [1, 2, 3, 4].map((level) => ({ level, label: `L${level}`, anchor: `anchor ${level}` }));

  const [, fillMs] = timed(() =>
    tx(db, () => {
      const comps = ((demo.entities.competencies ?? []) as Competency[]).map((c) =>
        create(db, 'competencies', { name: c.name, definition: c.definition, ratingGuide: guide }),
      );
      const banks = Array.from({ length: 10 }, (_, i) => create(db, 'questionBanks', { name: `Bank ${i}` }));
      for (let i = 0; i < QUESTIONS; i++) {
        const model = demoQuestions[Math.floor(rand() * demoQuestions.length)];
        if (!model) throw new Error('the demo library has no questions');
        create(db, 'questions', {
          bankId: banks[i % banks.length]?.id,
          text: mutate(model.text, vocabulary, rand),
          type: model.type,
          competencyIds: [comps[Math.floor(rand() * comps.length)]?.id],
          probes: model.probes.map((p) => ({ ...p, text: mutate(p.text, vocabulary, rand) })),
          tags: model.tags,
          minutes: model.minutes,
        });
      }
    }),
  );

  // From the most common words (matching a large share of the library) to rare ones, prefixes and phrases.
  const queries = ['customer', 'conflict', 'team feedback', 'safety', 'confl', 'learn mistake', 'warehouse', 'trust', 'repair bike', 'patience', 'improve process', 'deadline'];
  for (const q of queries) searchQuestions(db, q, { limit: 50 }); // warm up
  const samples: number[] = [];
  const perQuery = new Map<string, number[]>();
  for (let round = 0; round < 50; round++) {
    for (const q of queries) {
      const t = timed(() => searchQuestions(db, q, { limit: 50 }))[1];
      samples.push(t);
      perQuery.set(q, [...(perQuery.get(q) ?? []), t]);
    }
  }
  const detail = Object.fromEntries(
    queries.map((q) => {
      const info = searchQuestionsWithInfo(db, q, { limit: 50 });
      return [`  "${q}"`, `${ms(summarise(perQuery.get(q) ?? []).median)} median${info.broad ? ' (broad: over 2,000 matches, text matches newest first)' : ''}`];
    }),
  );
  const s = summarise(samples);
  const broadest = db.prepare(`SELECT count(*) FROM questions_fts WHERE questions_fts MATCH '"customer"*'`).pluck().get() as number;
  db.close();
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  return {
    'questions in library': QUESTIONS.toLocaleString('en-US'),

    'library build time': `${(fillMs / 1000).toFixed(1)} s`,
    'questions matching "customer"': broadest.toLocaleString('en-US'),
    'search queries timed': String(samples.length),
    'search median': ms(s.median),
    'search p95': ms(s.p95),
    'search max': ms(s.max),
    ...detail,
  };
}
