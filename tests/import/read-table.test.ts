import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, readTable } from '../../electron/services/import';
import { csvAsXlsx, csvBytes, csvRows, fixture, xlsxBytes } from '../fixtures/import/make-fixtures';
import { tempDir } from '../helpers/library';

const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('readTable: CSV', () => {
  it('reads a comma CSV with quoted newlines; line numbers are where each record starts', async () => {
    const table = await readTable(fixture('questions.csv'));
    expect(table.file).toBe(fixture('questions.csv'));
    expect(table.headers[0]).toBe('Question text');
    expect(table.rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(table.rows[0]?.cells[3]).toBe('How did you find out what they needed?\nWhat did you say when you reached them?');
  });

  it('reads the same rows from UTF-8 with BOM, CRLF, semicolons and quoted newlines', async () => {
    const plain = await readTable(fixture('questions.csv'));
    const bytes = csvBytes(csvRows('questions.csv'), { delimiter: ';', newline: '\r\n', bom: true });
    expect(Buffer.from(bytes.subarray(0, 3)).toString('hex')).toBe('efbbbf');
    const tricky = await readTable({ name: 'questions-excel.csv', bytes });
    expect(tricky.headers).toEqual(plain.headers);
    expect(tricky.rows).toEqual(plain.rows);
    expect(tricky.file).toBe('questions-excel.csv');
  });

  it('detects a tab delimiter and keeps a CRLF inside a quoted field', async () => {
    const table = await readTable({
      name: 'people.tsv',
      bytes: bytesOf('Name\tNotes\r\n"Ana Ruiz"\t"line one\r\nline two"\r\n\r\n\t\r\nBo Li\t\r\n'),
    });
    expect(table.headers).toEqual(['Name', 'Notes']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Ana Ruiz', 'line one\r\nline two'] },
      { line: 6, cells: ['Bo Li', ''] },
    ]);
  });

  it('trims cells, skips empty rows and pads short rows to the header', async () => {
    const table = await readTable({ name: 'a.csv', bytes: bytesOf('  Name , Email\n\n ,\n  Ana  \n') });
    expect(table.headers).toEqual(['Name', 'Email']);
    expect(table.rows).toEqual([{ line: 4, cells: ['Ana', ''] }]);
  });

  it('keeps formula-looking text, emoji and right-to-left text exactly', async () => {
    const table = await readTable({
      name: 'odd.csv',
      bytes: bytesOf('Name,Notes\n"=HYPERLINK(""http://evil.example"",""click"")",+cmd|\' /C calc\'!A0\nسارة أحمد,Zoë 🌟 ‏(RTL mark)\n'),
    });
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0"],
      ['سارة أحمد', 'Zoë 🌟 ‏(RTL mark)'],
    ]);
  });

  it('reads UTF-16 with a BOM (Excel’s "Unicode text")', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\r\nZoë\tz@example.com\r\n', 'utf16le')]);
    const table = await readTable({ name: 'unicode.txt', bytes: new Uint8Array(utf16) });
    expect(table.rows).toEqual([{ line: 2, cells: ['Zoë', 'z@example.com'] }]);
  });
});

describe('readTable: XLSX', () => {
  it('gives the same header and cells as the CSV of the same data (rows numbered as the sheet shows them)', async () => {
    const csv = await readTable(fixture('questions.csv'));
    const xlsx = await readTable({ name: 'questions.xlsx', bytes: await csvAsXlsx('questions.csv') });
    expect(xlsx.headers).toEqual(csv.headers);
    expect(xlsx.rows.map((r) => r.cells)).toEqual(csv.rows.map((r) => r.cells));
    expect(xlsx.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('reads an XLSX from disk, whatever its name says', async () => {
    const file = path.join(tempDir(), 'candidates.csv');
    fs.writeFileSync(file, await csvAsXlsx('candidates.csv'));
    const table = await readTable(file);
    expect(table.headers[0]).toBe('First Name');
    expect(table.rows).toHaveLength(3);
  });

  it('turns dates, times, numbers and booleans into text, and never evaluates formulas', async () => {
    const bytes = await xlsxBytes([
      ['When', 'Time', 'Day', 'Minutes', 'Ratio', 'Required', 'Link', 'Sum', 'Typed formula', 'Rich'],
      [
        new Date(Date.UTC(2027, 2, 13, 10, 0)),
        { value: new Date(Date.UTC(1899, 11, 30, 10, 30)), numFmt: 'h:mm' },
        new Date(Date.UTC(2027, 2, 13)),
        5,
        0.1 + 0.2,
        true,
        { formula: 'HYPERLINK("http://evil.example","click")', result: 'click' },
        { formula: '1+1' },
        '=HYPERLINK("http://evil.example","click")',
        { richText: [{ text: 'Zoë ' }, { text: '🌟' }] },
      ],
      [null, null, null, null, null, null, null, null, null, null],
      ['+cmd', { text: 'Ana Ruiz', hyperlink: 'mailto:ana@example.com' }],
    ]);
    const table = await readTable({ name: 'types.xlsx', bytes });
    expect(table.rows).toEqual([
      {
        line: 2,
        cells: ['2027-03-13 10:00', '10:30', '2027-03-13', '5', '0.3', 'TRUE', 'click', '=1+1', '=HYPERLINK("http://evil.example","click")', 'Zoë 🌟'],
      },
      { line: 4, cells: ['+cmd', 'Ana Ruiz', '', '', '', '', '', '', '', ''] },
    ]);
  });
});

describe('readTable: files it refuses, saying why', () => {
  const refuse = (name: string, bytes: Uint8Array | Buffer) => readTable({ name, bytes: new Uint8Array(bytes) });

  it('an empty file', async () => {
    await expect(refuse('empty.csv', Buffer.alloc(0))).rejects.toThrow('The file "empty.csv" is empty.');
    await expect(refuse('bom.csv', Buffer.from('\uFEFF  \r\n', 'utf8'))).rejects.toThrow('The file "bom.csv" is empty.');
  });

  it('a file with no header row, or only a header row', async () => {
    await expect(refuse('commas.csv', Buffer.from(',,\n , \n\n'))).rejects.toThrow('The file "commas.csv" has no header row');
    await expect(refuse('header.csv', Buffer.from('Question,Competencies\r\n'))).rejects.toThrow(
      'The file "header.csv" has a header row (line 1) but no data rows below it.',
    );
    await expect(readTable({ name: 'header.xlsx', bytes: await xlsxBytes([['Name', 'Email']]) })).rejects.toThrow(
      'The file "header.xlsx" has a header row (line 1) but no data rows below it.',
    );
  });

  it('text that is not UTF-8, naming the line', async () => {
    const latin1 = Buffer.concat([Buffer.from('Name,Email\nAna,ana@example.com\nJos'), Buffer.from([0xe9]), Buffer.from(',jose@example.com\n')]);
    await expect(refuse('latin1.csv', latin1)).rejects.toThrow(
      /^The file "latin1\.csv" is not valid UTF-8 text \(line 3 has a byte that is not UTF-8.*Save it .* as "CSV UTF-8"/,
    );
  });

  it('files that are neither CSV nor XLSX', async () => {
    await expect(refuse('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).rejects.toThrow(
      'The file "photo.csv" is not a CSV or XLSX file',
    );
    await expect(refuse('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).rejects.toThrow(
      /old Excel 97–2003 \(\.xls\) file; save it as \.xlsx/,
    );
    await expect(refuse('broken.xlsx', Buffer.from('PK\x03\x04this is no zip at all'))).rejects.toThrow(
      /^The file "broken\.xlsx" looks like an Excel workbook \(\.xlsx\) but cannot be read/,
    );
  });

  it('a quoted field that is never closed', async () => {
    await expect(refuse('quote.csv', Buffer.from('Name,Notes\nAna,ok\nBo,"never closed\nCy,x\n'))).rejects.toThrow(
      'The file "quote.csv" has a quoted field that is never closed, starting on line 3',
    );
  });

  it('a file over 10 MB, or over 50,000 rows', async () => {
    await expect(refuse('big.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61))).rejects.toThrow(
      'The file "big.csv" is 10.0 MB; files to import must be at most 10 MB.',
    );
    const many = `Name\n${'x\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    await expect(refuse('many.csv', Buffer.from(many))).rejects.toThrow('The file "many.csv" has more than 50,000 rows');
    const enough = await refuse('enough.csv', Buffer.from(`Name\n${'x\n'.repeat(MAX_IMPORT_ROWS)}`));
    expect(enough.rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('a file that does not exist', async () => {
    await expect(readTable(path.join(tempDir(), 'nope.csv'))).rejects.toThrow(/The file ".*nope\.csv" does not exist\./);
  });
});
