//! `make bench`: how long a keystroke's search + facet update takes in the
//! pure core, on the real plan and on a synthetic plan of 5,000 measures made
//! from it. The DOM part is measured in the browser by tests/bench.
//! Prints medians; asserts nothing.

use std::time::Instant;

use vigie::core::plan::search::SearchIndex;
use vigie::core::plan::Plan;
use vigie::core::view::listing::{compute, Facts, MeasureFacts};
use vigie::core::view::route::{Facet, ListState};

fn median_ms(mut run: impl FnMut(), rounds: usize) -> f64 {
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[rounds / 2]
}

fn bench(name: &str, plan: &Plan) {
    let index = SearchIndex::new(plan);
    let facts = Facts::new(
        plan,
        vec![MeasureFacts::default(); plan.measures.len()],
        &vigie::core::record::team::Team::default(),
    );
    // What a person types, one keystroke at a time: with two facets ticked;
    // a word of the trade the thesaurus leads to the plan's; a word the
    // plan lacks, which makes the answer partial.
    for (typed, facets) in [
        ("coopération internationale", true),
        ("narcotrafic go fast", false),
        ("avoirs Maroc Zanzibar", false),
    ] {
        let states: Vec<ListState> = (1..=typed.chars().count())
            .map(|n| {
                let state =
                    ListState { query: typed.chars().take(n).collect(), ..Default::default() };
                if facets {
                    state
                        .toggled(Facet::Objective, "5")
                        .toggled(Facet::Theme, "cooperation-internationale")
                } else {
                    state
                }
            })
            .collect();
        let per_keystroke = median_ms(
            || {
                for s in &states {
                    let query = index.query(&s.query);
                    std::hint::black_box(compute(plan, &index, s, &query, &facts));
                }
            },
            31,
        ) / states.len() as f64;
        println!(
            "{name:>22} : {:>5} mesures, « {typed} » : recherche + facettes par frappe (médiane) \
             {per_keystroke:>7.3} ms",
            plan.measures.len()
        );
    }
    let unfiltered = median_ms(
        || {
            let state = ListState::default();
            let query = index.query(&state.query);
            drop(std::hint::black_box(compute(plan, &index, &state, &query, &facts)))
        },
        31,
    );
    println!("{name:>22} : vue complète {unfiltered:>7.3} ms");
}

fn main() {
    bench("plan réel", &Plan::bundled());
    bench("plan synthétique", &Plan::synthetic(5000));
}
