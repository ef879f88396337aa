//! The briefing deck built from the plan and the annotations.

use vigie::core::briefing::deck::{abridge, plan_deck, selection_deck, Slide, PER_SLIDE};
use vigie::core::date::IsoDate;
use vigie::core::record::annotations::Change;
use vigie::core::record::status::Status;

mod common;
use common::{claire, plan, Tab};

#[test]
fn the_plan_deck_has_a_title_the_plan_over_time_six_objectives_and_the_attention_slides() {
    let plan = plan();
    let mut t = Tab::new(&plan, 1, claire(), 1_790_000_000_000);
    for n in 1..=13 {
        t.edit(&plan, n, Change::Status(Status::EnDifficulte));
    }
    t.edit(&plan, 30, Change::Due(IsoDate::parse("2020-01-01")));
    let deck = plan_deck(&plan, t.doc.annotations(), IsoDate::parse("2026-11-27").unwrap(), None);
    assert_eq!(deck[..2], [Slide::Title, Slide::OverTime]);
    assert_eq!(deck[2..8], (1..=6).map(Slide::Objective).collect::<Vec<_>>()[..]);
    let attention: Vec<_> = deck[8..]
        .iter()
        .map(|s| match s {
            Slide::Attention { measures, page, pages } => (measures.len(), *page, *pages),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(attention, [(PER_SLIDE, 1, 2), (14 - PER_SLIDE, 2, 2)]);
}

#[test]
fn a_selection_deck_has_one_slide_per_measure() {
    assert_eq!(
        selection_deck(&[35, 48]),
        [Slide::SelectionTitle { measures: vec![35, 48] }, Slide::Measure(35), Slide::Measure(48)]
    );
}

#[test]
fn abridging_cuts_at_a_word_and_says_so() {
    assert_eq!(abridge("court", 10), ("court".to_owned(), false));
    assert_eq!(abridge("un deux trois quatre", 12), ("un deux…".to_owned(), true));
}

#[test]
fn a_selection_deck_title_says_how_many_measures_follow() {
    assert_eq!(selection_deck(&[3, 9, 27])[0], Slide::SelectionTitle { measures: vec![3, 9, 27] });
}

#[test]
fn keys_and_presenter_clickers_map_to_actions() {
    use vigie::core::briefing::deck::Action;
    for key in ["ArrowRight", "ArrowDown", " ", "PageDown"] {
        assert_eq!(Action::from_key(key), Some(Action::Next), "{key}");
    }
    for key in ["ArrowLeft", "ArrowUp", "PageUp"] {
        assert_eq!(Action::from_key(key), Some(Action::Previous), "{key}");
    }
    assert_eq!(Action::from_key("Home"), Some(Action::First));
    assert_eq!(Action::from_key("End"), Some(Action::Last));
    assert_eq!(Action::from_key("7"), Some(Action::Digit('7')));
    assert_eq!(Action::from_key("Enter"), Some(Action::Go));
    assert_eq!(Action::from_key("Escape"), Some(Action::Leave));
    assert_eq!(Action::from_key("F"), Some(Action::Fullscreen));
    assert_eq!(Action::from_key("."), Some(Action::Blank));
    assert_eq!(Action::from_key("n"), Some(Action::Notes));
    assert_eq!(Action::from_key("x"), None);
    assert_eq!(Action::from_key("12"), None);
}

#[test]
fn the_speaker_timer_counts_only_while_running() {
    use vigie::core::briefing::deck::{clock_face, Stopwatch};
    let w = Stopwatch::default();
    assert!(!w.running());
    assert_eq!(w.elapsed(5_000), 0);
    let w = w.toggled(10_000);
    assert_eq!(clock_face(w.elapsed(72_000)), "01:02");
    let w = w.toggled(72_000); // paused at 62 s
    assert_eq!(w.elapsed(500_000), 62_000, "a paused timer stands still");
    let w = w.toggled(600_000);
    assert_eq!(w.elapsed(601_000), 63_000);
    assert_eq!(w.elapsed(0), 62_000, "a clock set back counts nothing");
    assert_eq!(clock_face(3_725_000), "1:02:05");
}
