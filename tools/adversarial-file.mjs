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
