/**
 * The result table, as aligned text for the terminal and as Markdown for BENCHMARKS.md. Pure:
 * rows in, text out.
 */
import type { Summary } from './stats.js';

export type Verdict = 'met' | 'MISSED' | '';

export interface Row {
  section: string;
  measure: string;
  /** A summary of several runs, or a single value (one run). */
  value: Summary | number;
  unit: 'ms' | 'ratio' | 'count' | 'MiB' | 'KiB';
  target: string;
  verdict: Verdict;
}

const HEADERS = ['Measure', 'Median', 'Min', 'Max', 'Target', 'Result'];

export function formatNumber(value: number, unit: Row['unit']): string {
  switch (unit) {
    case 'ratio':
      return value.toFixed(2);
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'ms':
      return value < 100 ? value.toFixed(1) : value.toFixed(0);
    default:
      return value < 10 ? value.toFixed(2) : value.toFixed(1);
  }
}

function cells(row: Row): string[] {
  const suffix = row.unit === 'ratio' ? '×' : row.unit === 'count' ? '' : ` ${row.unit}`;
  const show = (value: number) => `${formatNumber(value, row.unit)}${suffix}`;
  if (typeof row.value === 'number') return [row.measure, show(row.value), '', '', row.target, row.verdict];
  return [row.measure, show(row.value.median), show(row.value.min), show(row.value.max), row.target, row.verdict];
}

function sections(rows: readonly Row[]): [string, Row[]][] {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) grouped.set(row.section, [...(grouped.get(row.section) ?? []), row]);
  return [...grouped];
}

export function textTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...body.map((line) => line[column]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, column) => (column >= 1 && column <= 3 ? value.padStart(widths[column]!) : value.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const out = [line(HEADERS)];
  for (const [section, sectionRows] of sections(rows)) {
    out.push('', section);
    for (const row of sectionRows) out.push(line(cells(row)));
  }
  return out.join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map((_, i) => (i >= 1 && i <= 3 ? '---:' : '---')).join(' | ')} |`];
  for (const [section, sectionRows] of sections(rows)) {
    out.push(`| **${escape(section)}** | | | | | |`);
    for (const row of sectionRows) out.push(`| ${cells(row).map(escape).join(' | ')} |`);
  }
  return out.join('\n');
}
