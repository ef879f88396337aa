//! Writes the five-year team history of `tests/common/team.rs` as a Vigie
//! export, and as the files of one round-up (one per person, five sent
//! twice), for the end-to-end tests and `make bench`:
//! `cargo run --release --example team_history -- target/fixtures`.

#[path = "../tests/common/team.rs"]
mod team;

use vigie::core::files::codec;
use vigie::core::plan::Plan;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "target/fixtures".to_owned());
    std::fs::create_dir_all(&dir).expect("the fixtures folder");
    let plan = Plan::bundled();
    let doc = team::five_years(&plan);
    let entries: usize = doc.annotations().all().map(|(_, a)| a.len()).sum();
    let pretty = codec::encode(&doc, true);
    let compact = codec::encode(&doc, false);
    std::fs::write(format!("{dir}/equipe-5-ans.json"), &pretty).expect("written");
    println!(
        "{dir}/equipe-5-ans.json: {entries} changements, {:.2} Mo (compact {:.2} Mo)",
        pretty.len() as f64 / 1_048_576.0,
        compact.len() as f64 / 1_048_576.0
    );
    // The same history but its last four weeks: what a coordinator holds
    // before the month's round-up brings the rest.
    let whole: serde_json::Value = serde_json::from_str(&compact).expect("our JSON");
    let stamp_ms = |c: &serde_json::Value| -> i64 {
        let at = c["at"].as_str().expect("a stamp");
        at.split('.').next().and_then(|ms| ms.parse().ok()).expect("a stamp's time")
    };
    let changes = |doc: &serde_json::Value| -> Vec<serde_json::Value> {
        doc["annotations"]
            .as_object()
            .expect("annotations")
            .values()
            .flat_map(|m| m["changes"].as_array().expect("changes").clone())
            .collect()
    };
    let cutoff = changes(&whole).iter().map(stamp_ms).max().expect("changes") - 28 * 86_400_000;
    let mut before = whole.clone();
    for measure in before["annotations"].as_object_mut().expect("annotations").values_mut() {
        measure["changes"].as_array_mut().expect("changes").retain(|c| stamp_ms(c) < cutoff);
    }
    if let Some(replacements) = before.get_mut("replacements").and_then(|r| r.as_array_mut()) {
        replacements.retain(|r| stamp_ms(r) < cutoff);
    }
    let kept = changes(&before).len();
    std::fs::write(format!("{dir}/equipe-5-ans-sauf-dernier-mois.json"), before.to_string())
        .expect("written");
    println!("{dir}/equipe-5-ans-sauf-dernier-mois.json: {kept} changements");
    // The same history as one round-up's files, one per person.
    let round = format!("{dir}/tour-de-table");
    std::fs::create_dir_all(&round).expect("the round's folder");
    let files = team::files_by_person(&plan);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    for (name, text) in &files {
        std::fs::write(format!("{round}/{name}"), text).expect("written");
    }
    println!("{round}/ : {} fichiers, {:.2} Mo", files.len(), bytes as f64 / 1_048_576.0);
}
