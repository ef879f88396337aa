//! Dashboard figures (`core::briefing::stats`) on the real plan: what the cards, the
//! per-objective bars, "En retard" and "Derniers changements" show.

use vigie::core::briefing::stats::Stats;
use vigie::core::record::annotations::Change;
use vigie::core::record::status::Status;

mod common;
use common::{claire, date, plan, Tab};

const T0: i64 = 1_790_000_000_000;

#[test]
fn untouched_measures_count_as_not_evaluated_at_zero_percent() {
    let plan = plan();
    let stats = Stats::compute(
        &plan,
        Tab::new(&plan, 1, claire(), T0).doc.annotations(),
        date("2026-12-01"),
        5,
    );
    assert_eq!(stats.total, 55);
    assert_eq!(stats.count(Status::NonEvaluee), 55);
    assert_eq!(stats.mean_progress, 0.0);
    assert_eq!(stats.per_objective.len(), 6);
    assert_eq!(stats.per_objective.iter().map(|o| o.total).sum::<usize>(), 55);
    assert!(stats.overdue.is_empty() && stats.recent.is_empty());
}

#[test]
fn counts_means_overdue_and_recent_follow_the_annotations() {
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), T0);
    a.edit(&plan, 1, Change::Status(Status::EnCours));
    a.edit(&plan, 1, Change::Progress(50));
    a.edit(&plan, 2, Change::Status(Status::Realisee));
    a.edit(&plan, 2, Change::Progress(100));
    // Overdue: a due date passed on a measure still open; a closed one is not.
    a.edit(&plan, 3, Change::Due(Some(date("2026-06-30"))));
    a.edit(&plan, 4, Change::Due(Some(date("2026-03-31"))));
    a.edit(&plan, 2, Change::Due(Some(date("2026-01-31"))));
    a.edit(&plan, 5, Change::Due(Some(date("2027-01-31"))));
    let stats = Stats::compute(&plan, a.doc.annotations(), date("2026-12-01"), 3);
    assert_eq!(stats.count(Status::EnCours), 1);
    assert_eq!(stats.count(Status::Realisee), 1);
    assert_eq!(stats.count(Status::NonEvaluee), 53);
    assert!((stats.mean_progress - 150.0 / 55.0).abs() < 1e-9);
    let first = &stats.per_objective[usize::from(plan.measure(1).unwrap().objective) - 1];
    assert!(first.mean_progress > 0.0);
    assert_eq!(
        stats.overdue,
        [(4, date("2026-03-31")), (3, date("2026-06-30"))],
        "soonest due first"
    );
    assert_eq!(
        stats.recent.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [5, 2, 4],
        "latest first, capped"
    );
}

#[test]
fn a_selection_counts_only_its_own_measures() {
    use vigie::core::wording::selection_summary;
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), T0);
    a.edit(&plan, 3, Change::Status(Status::Realisee));
    a.edit(&plan, 3, Change::Progress(100));
    a.edit(&plan, 9, Change::Status(Status::EnDifficulte));
    a.edit(&plan, 27, Change::Due(Some(date("2026-01-31"))));
    a.edit(&plan, 40, Change::Status(Status::Realisee));
    let today = date("2026-12-01");
    let stats = Stats::of_selection(&plan, a.doc.annotations(), today, &[3, 9, 27, 30]);
    assert_eq!(stats.total, 4);
    assert_eq!(stats.count(Status::Realisee), 1, "measure 40 is not in the selection");
    assert_eq!(stats.mean_progress, 25.0);
    assert_eq!(
        selection_summary(&stats),
        "Sélection de 4\u{a0}mesures\u{a0}: 1 réalisée, 1 en difficulté, 1 en retard"
    );
    let whole = Stats::compute(&plan, a.doc.annotations(), today, 0);
    assert_eq!(
        selection_summary(&whole),
        "Sélection de 55\u{a0}mesures\u{a0}: 2 réalisées, 1 en difficulté, 1 en retard"
    );
}
