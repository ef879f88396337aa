//! `make bench`: how long a keystroke's search + facet update takes in the
//! pure core, on the real plan and on a synthetic plan of 5,000 measures made
//! from it. The DOM part is measured in the browser by tests/bench.
//! Prints medians; asserts nothing.

use std::time::Instant;

use vigie::core::listing::{compute, Facts, MeasureFacts};
use vigie::core::plan::Plan;
use vigie::core::route::{Facet, ListState};
use vigie::core::search::SearchIndex;

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
        &vigie::core::team::Team::default(),
    );
    // What a person types, one keystroke at a time, with two facets ticked.
    let typed = "coopération internationale";
    let states: Vec<ListState> = (1..=typed.chars().count())
        .map(|n| {
            ListState { query: typed.chars().take(n).collect(), ..Default::default() }
                .toggled(Facet::Objective, "5")
                .toggled(Facet::Theme, "cooperation-internationale")
        })
        .collect();
    let per_keystroke = median_ms(
        || {
            for s in &states {
                std::hint::black_box(compute(plan, &index, s, &facts));
            }
        },
        31,
    ) / states.len() as f64;
    let unfiltered = median_ms(
        || drop(std::hint::black_box(compute(plan, &index, &ListState::default(), &facts))),
        31,
    );
    println!(
        "{name:>22} : {:>5} mesures, recherche + facettes par frappe (médiane) \
         {per_keystroke:>7.3} ms, vue complète {unfiltered:>7.3} ms",
        plan.measures.len()
    );
}

fn main() {
    bench("plan réel", &Plan::bundled());
    bench("plan synthétique", &Plan::synthetic(5000));
}
