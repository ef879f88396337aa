//! Writes the five-year team history of `tests/common/team.rs` as a Vigie
//! export, for the end-to-end tests and `make bench`:
//! `cargo run --release --example team_history -- target/fixtures`.

#[path = "../tests/common/team.rs"]
mod team;

use vigie::core::codec;
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
}
