//! `make bench`: how long reading and previewing a hostile 5 MB import takes
//! in the pure core (the browser adds its own overhead; the end-to-end test
//! checks the whole under one second). Prints medians; asserts nothing.

use std::time::Instant;

use vigie::core::files::exchange::{preview, read_file, ReadError};
use vigie::core::files::roundup::{round, Arrived};
use vigie::core::plan::Plan;
use vigie::core::record::document::Document;

#[path = "../tests/common/team.rs"]
mod team;

/// Just under 5 MB: every measure with a long chain of changes, each one
/// replacing the eight before it (the same file as the end-to-end test).
pub fn adversarial(plan: &Plan) -> String {
    let mut out = String::new();
    let mut size = 0usize;
    let mut tick = 0u64;
    let mut measures = Vec::new();
    for m in &plan.measures {
        let mut changes = Vec::new();
        // Per field (progress, notes): each change replaces up to eight
        // earlier versions of its own field.
        let mut recent: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        // An even share of just under 5 MB for each measure.
        while changes.len() < 4_900
            && size < usize::from(m.number) * 48 * 1024 * 1024 / 10 / plan.measures.len()
        {
            let at = format!("1789000000000.{tick}.0000000000a1");
            tick += 1;
            let slot = changes.len() % 2;
            let replaces: Vec<String> =
                recent[slot].iter().rev().take(8).rev().map(|s| format!("\"{s}\"")).collect();
            let (field, value) =
                if slot == 1 { ("notes", "\"nnnnnnnn\"") } else { ("progress", "7") };
            let change = format!(
                r#"{{"at":"{at}","by":"X","field":"{field}","value":{value},"replaces":[{}]}}"#,
                replaces.join(",")
            );
            size += change.len() + 1;
            changes.push(change);
            recent[slot].push(at);
        }
        measures.push(format!(
            r#""{}":{{"text_fingerprint":"","changes":[{}]}}"#,
            m.number,
            changes.join(",")
        ));
    }
    out.push_str(&format!(
        concat!(
            r#"{{"format":"vigie-annotations","schema":3,"plan_id":"{}","plan_fingerprint":"x","#,
            r#""written_at":1,"author":{{"name":"X","service":""}},"annotations":{{{}}}}}"#,
        ),
        plan.id,
        measures.join(",")
    ));
    out
}

fn main() {
    let plan = Plan::bundled();
    let text = adversarial(&plan);
    let now = 1_790_000_000_000;
    let mut times = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let file = read_file(text.as_bytes(), &plan, now).expect("valid").document;
        let read = start.elapsed().as_secs_f64() * 1000.0;
        let p = preview(&Document::empty(&plan), &file, &plan);
        let total = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(p);
        times.push((read, total));
    }
    times.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (read, total) = times[3];
    println!(
        "{:>22} : {:.1} Mo, lecture {read:.0} ms, lecture + aperçu {total:.0} ms \
         (médiane de 7, hors navigateur)",
        "import hostile",
        text.len() as f64 / 1_048_576.0
    );

    // A month's round-up: 20 files of the five-year history, one per
    // person (five sent twice), read and previewed together.
    let files = team::files_by_person(&plan);
    let now = 1_800_000_000_000;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let arrived: Vec<Arrived> = files
            .iter()
            .map(|(name, text)| Arrived {
                name: name.clone(),
                bytes_hash: text.len() as u64,
                sheet: false,
                read: read_file(text.as_bytes(), &plan, now)
                    .map(|d| d.document)
                    .map_err(ReadError::from),
            })
            .collect();
        let read = start.elapsed().as_secs_f64() * 1000.0;
        let r = round(&Document::empty(&plan), &arrived, &plan, now);
        let total = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(r);
        times.push((read, total));
    }
    times.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (read, total) = times[2];
    println!(
        "{:>22} : 20 fichiers, lecture {read:.0} ms, lecture + tour de table {total:.0} ms \
         (médiane de 5, hors navigateur)",
        "tour de table"
    );
}
