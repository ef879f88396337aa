//! The plan over time (`core::briefing::timeline`): a known history gives known
//! points, month by month.

mod common;

use common::{claire, date, karim, plan, Tab};
use vigie::core::briefing::timeline::timeline;
use vigie::core::plan::MeasureNo;
use vigie::core::record::annotations::Change;
use vigie::core::record::status::Status;

/// Milliseconds at noon UTC on `day` (AAAA-MM-JJ).
fn noon(day: &str) -> i64 {
    date(day).start(&|_| 0) + 12 * 3_600_000
}

fn utc(_: i64) -> i32 {
    0
}

fn all(plan: &vigie::core::plan::Plan) -> Vec<MeasureNo> {
    plan.measures.iter().map(|m| m.number).collect()
}

fn count(p: &vigie::core::briefing::timeline::MonthPoint, s: Status) -> usize {
    p.counts[s.index()]
}

#[test]
fn a_known_history_gives_known_points_month_by_month() {
    let plan = plan();
    let mut tab = Tab::new(&plan, 1, claire(), noon("2026-09-10"));
    tab.edit(&plan, 1, Change::Status(Status::EnCours));
    tab.edit(&plan, 1, Change::Progress(20));
    tab.now = noon("2026-10-05");
    tab.edit(&plan, 2, Change::Status(Status::EnDifficulte));
    tab.now = noon("2026-12-01");
    tab.edit(&plan, 1, Change::Status(Status::Realisee));
    tab.edit(&plan, 1, Change::Progress(100));
    let points = timeline(&plan, &tab.doc, &all(&plan), date("2026-12-05"), &utc);
    let months: Vec<(u16, u8)> = points.iter().map(|p| p.month).collect();
    // November had no change: it is there all the same, as October left it.
    assert_eq!(months, [(2026, 9), (2026, 10), (2026, 11), (2026, 12)]);
    assert!(points.iter().all(|p| p.total() == 55));
    let (sep, oct, nov, dec) = (&points[0], &points[1], &points[2], &points[3]);
    assert_eq!((count(sep, Status::EnCours), count(sep, Status::NonEvaluee)), (1, 54));
    assert_eq!(count(oct, Status::EnDifficulte), 1);
    assert_eq!(oct.counts, nov.counts);
    assert_eq!((count(dec, Status::Realisee), count(dec, Status::EnCours)), (1, 0));
    assert!((sep.mean_progress - 20.0 / 55.0).abs() < 1e-9);
    assert!((dec.mean_progress - 100.0 / 55.0).abs() < 1e-9);
    assert_eq!(dec.label(), "décembre 2026");
    assert_eq!(sep.short_label(), "sept.\u{a0}2026");
}

#[test]
fn a_selection_counts_only_its_measures_and_no_history_gives_no_point() {
    let plan = plan();
    let mut tab = Tab::new(&plan, 1, claire(), noon("2026-03-15"));
    tab.edit(&plan, 35, Change::Status(Status::EnCours));
    let fifth: Vec<MeasureNo> = plan.measures_of(5).map(|m| m.number).collect();
    let points = timeline(&plan, &tab.doc, &fifth, date("2026-04-02"), &utc);
    assert_eq!(points.len(), 2);
    assert_eq!(points[0].total(), 15);
    assert_eq!(count(&points[0], Status::EnCours), 1);
    let first: Vec<MeasureNo> = plan.measures_of(1).map(|m| m.number).collect();
    assert!(timeline(&plan, &tab.doc, &first, date("2026-04-02"), &utc).is_empty());
}

#[test]
fn a_conflict_shows_its_latest_head_and_a_settlement_what_it_kept() {
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), noon("2026-05-02"));
    let mut b = Tab::new(&plan, 2, karim(), noon("2026-05-03"));
    a.edit(&plan, 7, Change::Status(Status::EnCours));
    b.edit(&plan, 7, Change::Status(Status::EnDifficulte));
    a.doc.merge(&b.reread(&plan));
    let may = timeline(&plan, &a.doc, &[7], date("2026-05-31"), &utc);
    // Both are heads; the later stamp shows, as on the measure's page.
    assert_eq!(count(&may[0], Status::EnDifficulte), 1);
    let shown = a.doc.annotation(7).unwrap().status();
    assert_eq!(shown, Status::EnDifficulte);
    // Settled in June on the first value: June counts it.
    a.now = noon("2026-06-10");
    let keep = a.doc.annotation(7).unwrap().all_entries().next().unwrap().at;
    let editor = a.editor();
    a.doc.resolve(&plan, 7, keep, "Claire Martin", &editor).unwrap();
    let points = timeline(&plan, &a.doc, &[7], date("2026-06-30"), &utc);
    assert_eq!(count(&points[1], Status::EnCours), 1);
}
