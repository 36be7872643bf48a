/** Plain-text tables for the CLI's human output. */
import type { ListKind } from '../../shared/schemas';
import { list, type Database } from '../store';
import type { Io } from './main';

export interface Table {
  headers: string[];
  rows: string[][];
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const anyOr = (v: 'any' | string[]) => (v === 'any' ? 'any' : v.join(', '));

export function listForCli(db: Database, kind: ListKind): { records: object[]; table: Table } {
  switch (kind) {
    case 'roles': {
      const records = list(db, 'roles');
      return {
        records,
        table: {
          headers: ['Title', 'Department', 'Location', 'Type', 'Id'],
          rows: records.map((r) => [r.title, r.department, r.location, r.employmentType, r.id]),
        },
      };
    }
    case 'stages': {
      const records = list(db, 'stages');
      const roles = new Map(list(db, 'roles').map((r) => [r.id, r.title]));
      return {
        records,
        table: {
          headers: ['Role', '#', 'Stage', 'Minutes', 'Format', 'Questions', 'Id'],
          rows: records.map((s) => [
            roles.get(s.roleId) ?? '?',
            String(s.position),
            s.name,
            String(s.durationMinutes),
            s.format,
            String(s.questionIds.length),
            s.id,
          ]),
        },
      };
    }
    case 'benefits': {
      const records = list(db, 'benefits');
      return {
        records,
        table: {
          headers: ['Benefit', 'Category', 'Highlight', 'Employment', 'Locations', 'Id'],
          rows: records.map((b) => [
            b.name,
            b.category,
            b.highlight ? 'yes' : '',
            cut(anyOr(b.eligibility.employmentTypes), 28),
            cut(anyOr(b.eligibility.locations), 28),
            b.id,
          ]),
        },
      };
    }
    case 'products': {
      const records = list(db, 'products');
      return {
        records,
        table: { headers: ['Product', 'Summary', 'Id'], rows: records.map((p) => [p.name, cut(p.summary, 60), p.id]) },
      };
    }
    case 'competencies': {
      const records = list(db, 'competencies');
      return {
        records,
        table: {
          headers: ['Competency', 'Definition', 'Id'],
          rows: records.map((c) => [c.name, cut(c.definition, 60), c.id]),
        },
      };
    }
    case 'questions': {
      const records = list(db, 'questions');
      return {
        records,
        table: {
          headers: ['Question', 'Type', 'Min', 'Probes', 'Id'],
          rows: records.map((q) => [cut(q.text, 70), q.type, String(q.minutes), String(q.probes.length), q.id]),
        },
      };
    }
    case 'interviewers': {
      const records = list(db, 'interviewers');
      return {
        records,
        table: { headers: ['Interviewer', 'Title', 'Id'], rows: records.map((i) => [i.name, i.title, i.id]) },
      };
    }
    case 'candidates': {
      const records = list(db, 'candidates');
      const roles = new Map(list(db, 'roles').map((r) => [r.id, r.title]));
      return {
        records,
        table: {
          headers: ['Candidate', 'Role', 'Interview', 'Email', 'Id'],
          rows: records.map((c) => [
            c.name,
            c.roleId ? (roles.get(c.roleId) ?? '?') : '',
            c.interviewAt?.replace('T', ' ') ?? '',
            c.email,
            c.id,
          ]),
        },
      };
    }
    case 'events': {
      const records = list(db, 'events');
      return {
        records,
        table: {
          headers: ['Event', 'Date', 'Venue', 'Roles', 'Id'],
          rows: records.map((e) => [e.name, e.date, cut(e.venue, 40), String(e.roleIds.length), e.id]),
        },
      };
    }
  }
}

export function printTable(io: Io, table: Table, caption: string): void {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  io.out(line(table.headers));
  io.out(line(widths.map((w) => '─'.repeat(w))));
  for (const row of table.rows) io.out(line(row));
  io.out(`(${caption})`);
}
