// Turns a BenchReport (bench/types.ts) into text for the terminal and for RESULTS.md.

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

// a quiet machine gives about 1% here; far above that, other load is in the figures
const NOISY_RME_PERCENT = 5;

const pad = (text, width, right) => (right ? text.padStart(width) : text.padEnd(width));

function table(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells) =>
    `| ${cells.map((cell, i) => pad(cell, widths[i], i > 0)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i > 0 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [render(header), rule, ...lines.map(render)];
}

const kb = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// KB even for megabytes: the differences that matter here are a few KB
const formatBytes = (bytes) => `${kb.format(bytes / 1024)} KB`;

const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function formatMeasure(row) {
  if (row.unit === 'bytes') return formatBytes(row.value);
  if (row.unit === 'ms') return `${one.format(row.value)} ms`;
  if (row.unit === 'fps') return `${one.format(row.value)} fps`;
  return int.format(row.value);
}

function compare(report, { subject, anchors }) {
  const byName = new Map(report.rows.map((row) => [row.name, row]));
  const s = byName.get(subject);
  return anchors.map((anchorName) => {
    const a = byName.get(anchorName);
    if (s === undefined || a === undefined) {
      return `${subject} / ${anchorName}: (missing row)`;
    }
    if (s.kind === 'throughput' && a.kind === 'throughput') {
      // independent errors add in quadrature for a ratio
      const rme = Math.hypot(s.rmePercent, a.rmePercent);
      const ratio = `${subject} / ${anchorName}: ${(s.opsPerSec / a.opsPerSec).toFixed(2)}x (±${rme.toFixed(1)}%)`;
      if (s.perRound === undefined || s.perRound.length !== a.perRound?.length) return ratio;
      // the rounds show the run-to-run spread, which the pooled rme understates
      const rounds = s.perRound.map((ops, i) => `${(ops / a.perRound[i]).toFixed(2)}x`);
      return `${ratio}, by round ${rounds.join(' ')}`;
    }
    if (s.kind === 'measure' && a.kind === 'measure') {
      const delta = formatMeasure({ unit: s.unit, value: s.value - a.value });
      return `${subject} - ${anchorName}: ${s.value >= a.value ? '+' : ''}${delta} (ratio ${(s.value / a.value).toFixed(3)})`;
    }
    return `${subject} / ${anchorName}: (rows of different kinds)`;
  });
}

/** Markdown-friendly text: tables are pipe tables, the rest plain lines. */
export function formatReport(report) {
  const out = [`## ${report.title}`, ''];
  for (const note of report.notes) out.push(`- ${note}`);
  if (report.notes.length > 0) out.push('');

  const speeds = report.rows.filter((row) => row.kind === 'throughput');
  if (speeds.length > 0) {
    const lines = speeds.map((row) => [
      row.name,
      int.format(row.opsPerSec),
      `±${row.rmePercent.toFixed(2)}%`,
      int.format(row.samples),
    ]);
    out.push(...table(['name', 'ops/s', '±rme', 'samples'], lines), '');
  }
  const measures = report.rows.filter((row) => row.kind === 'measure');
  if (measures.length > 0) {
    const lines = measures.map((row) => [row.name, formatMeasure(row)]);
    out.push(...table(['measure', 'value'], lines), '');
  }

  const noisy = speeds.filter((row) => row.rmePercent > NOISY_RME_PERCENT);
  if (noisy.length > 0) {
    out.push(
      `- NOTE: ±rme above ${NOISY_RME_PERCENT}% (${noisy.map((row) => row.name).join(', ')}): ` +
        'the machine was probably busy; rerun before reading the ratios',
      '',
    );
  }

  const ratios = report.comparisons.flatMap((c) => compare(report, c));
  for (const line of ratios) out.push(`- ${line}`);
  if (ratios.length > 0) out.push('');
  for (const line of report.findings) out.push(`- ${line}`);
  if (report.findings.length > 0) out.push('');
  return out.join('\n');
}
