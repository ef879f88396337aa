// A valid annotation file just under 5 MB, built to be slow to read: shared
// by the end-to-end test (its preview appears) and `make bench` (how long).
import { readFileSync } from 'node:fs';

/** A valid file just under 5 MB built to be slow: long chains of changes, each replacing many of its field. */
export function adversarialFile() {
  const plan = JSON.parse(readFileSync('public/plan.json', 'utf8'));
  const annotations = {};
  let size = 0;
  let tick = 0;
  const stamp = () => `1789000000000.${tick++}.0000000000a1`;
  for (const m of plan.measures) {
    const changes = [];
    // Per field, the latest stamps: each change replaces up to eight
    // earlier versions of its own field (a version may only replace those).
    const recent = { notes: [], progress: [] };
    // An even share of just under 5 MB for each measure.
    while (changes.length < 4_900 && size < (m.number * 4.8 * 1024 * 1024) / plan.measures.length) {
      const at = stamp();
      const field = changes.length % 2 ? 'notes' : 'progress';
      const change = { at, by: 'X', field, value: field === 'notes' ? 'n'.repeat(8) : 7, replaces: recent[field].slice(-8) };
      size += JSON.stringify(change).length + 1;
      changes.push(change);
      recent[field].push(at);
    }
    annotations[String(m.number)] = { text_fingerprint: '', changes };
  }
  return JSON.stringify({ format: 'vigie-annotations', schema: 3, plan_id: plan.id, plan_fingerprint: 'x', written_at: 1, author: { name: 'X', service: '' }, annotations });
}

const header = (plan, annotations, replacements) => JSON.stringify({
  format: 'vigie-annotations', schema: 3, plan_id: plan.id, plan_fingerprint: 'x', written_at: 1,
  author: { name: 'X', service: '' }, annotations, ...(replacements ? { replacements } : {}),
});

/**
 * The hostile files of the reliability review (5 December), each valid and
 * under 5 MB, each slow in a way the code once was: a thousand copies of
 * one replacement; measures of 1,200 changes each commented (undoing their
 * import refolded a measure per field); stamps given several contents.
 */
export function reviewFiles() {
  const plan = JSON.parse(readFileSync('public/plan.json', 'utf8'));
  const files = [];
  // 1,000 replacements sharing one stamp, each hiding 140 stamps.
  const replacements = [];
  for (let r = 0; r < 1000; r++) {
    const hide = [];
    for (let i = 0; i < 140; i++) hide.push(`1789000000000.${r * 140 + i}.0000000000c1`);
    replacements.push({ at: '1789000000000.0.0000000000d1', by: 'X', hide, keep: [] });
  }
  files.push(['1 000 remplacements d’un même horodatage', header(plan, {}, replacements)]);
  // 15 measures of 1,200 progress changes, each with its comment (4.7 MB).
  const commented = {};
  for (const m of plan.measures.slice(0, 15)) {
    const changes = [];
    for (let i = 0; i < 1200; i++) {
      const at = `1789000000000.${i}.0000000000c1`;
      changes.push({ at, by: 'X', field: 'progress', value: i % 100, ...(i ? { replaces: [`1789000000000.${i - 1}.0000000000c1`] } : {}) });
      changes.push({ at: `1789000000001.${i}.0000000000c1`, by: 'X', field: 'comment', on: at, value: 'commentaire de la réunion mensuelle' });
    }
    commented[String(m.number)] = { text_fingerprint: '', changes };
  }
  files.push(['4 Mo de changements commentés', header(plan, commented)]);
  // Every stamp of 55 measures used twice over, by files of two authors:
  // here, one file whose changes reuse the stamps the first one took.
  const reused = {};
  for (const m of plan.measures) {
    const changes = [];
    for (let i = 0; i < 500; i++) {
      changes.push({ at: `1789000000000.${i}.0000000000e1`, by: i % 2 ? 'Alice' : 'Bob', field: 'notes', value: `version ${i} de la mesure ${m.number}`, ...(i > 1 ? { replaces: [`1789000000000.${i - 2}.0000000000e1`] } : {}) });
    }
    reused[String(m.number)] = { text_fingerprint: '', changes };
  }
  files.push(['horodatages réutilisés (premier fichier)', header(plan, reused)]);
  const forged = JSON.parse(files.at(-1)[1]);
  for (const m of Object.values(forged.annotations)) for (const c of m.changes) { c.by = 'Faussaire'; c.value += ' (falsifiée)'; }
  files.push(['horodatages réutilisés (second fichier, contenus différents)', JSON.stringify(forged)]);
  return files;
}
