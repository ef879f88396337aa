//! The slide deck for briefings, built from the plan and the annotations:
//! which slides, in which order, with what on them, and what each key of a
//! keyboard or a presenter's clicker does. The presentation screen only lays
//! them out.

use crate::core::date::IsoDate;
use crate::core::files::exchange::Movement;
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::document::Annotations;
use crate::core::record::status::Status;

/// One slide of the deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slide {
    /// The plan, its date, the overall state.
    Title,
    /// The plan over time: measures per status and average progress, month
    /// by month (`core::briefing::timeline`).
    OverTime,
    /// The title of a selection deck, with the measures that follow (its
    /// figures are theirs, not the plan's).
    SelectionTitle { measures: Vec<MeasureNo> },
    /// One objective with its measures, status and progress.
    Objective(u8),
    /// Measures "En difficulté" or overdue (one page of them: `page` of `pages`).
    Attention { measures: Vec<MeasureNo>, page: usize, pages: usize },
    /// What moved since the baseline (one page of the movements).
    SinceBaseline { movements: Vec<Movement>, page: usize, pages: usize },
    /// One measure in full (decks of a selection).
    Measure(MeasureNo),
}

/// The whole-plan deck: title, the plan over time, one slide per
/// objective, the measures that need attention, and, with a baseline, what
/// moved since.
pub fn plan_deck(
    plan: &Plan,
    annotations: &Annotations,
    today: IsoDate,
    movements: Option<&[Movement]>,
) -> Vec<Slide> {
    let mut deck = vec![Slide::Title, Slide::OverTime];
    deck.extend(plan.objectives.iter().map(|o| Slide::Objective(o.number)));
    let attention = needing_attention(plan, annotations, today);
    let pages = attention.len().div_ceil(PER_SLIDE).max(1);
    for page in 0..pages {
        let measures = attention.iter().skip(page * PER_SLIDE).take(PER_SLIDE).copied().collect();
        deck.push(Slide::Attention { measures, page: page + 1, pages });
    }
    if let Some(moved) = movements {
        let pages = moved.len().div_ceil(PER_SLIDE).max(1);
        for page in 0..pages {
            let movements = moved.iter().skip(page * PER_SLIDE).take(PER_SLIDE).cloned().collect();
            deck.push(Slide::SinceBaseline { movements, page: page + 1, pages });
        }
    }
    deck
}

/// Rows per list slide: readable from the back of the room at 1080 lines.
pub const PER_SLIDE: usize = 10;

/// A deck of the selected measures, one slide each, after a title slide.
pub fn selection_deck(measures: &[MeasureNo]) -> Vec<Slide> {
    std::iter::once(Slide::SelectionTitle { measures: measures.to_vec() })
        .chain(measures.iter().map(|&n| Slide::Measure(n)))
        .collect()
}

/// "En difficulté" or overdue, in plan order.
pub fn needing_attention(plan: &Plan, annotations: &Annotations, today: IsoDate) -> Vec<MeasureNo> {
    plan.measures
        .iter()
        .filter(|m| {
            annotations
                .get(m.number)
                .is_some_and(|a| a.status() == Status::EnDifficulte || a.is_overdue(today))
        })
        .map(|m| m.number)
        .collect()
}

/// At most `max` characters of `text`, cut at a word, with a visible mark
/// when cut: a slide must never overflow, and must never hide that it cut.
pub fn abridge(text: &str, max: usize) -> (String, bool) {
    let text = text.trim();
    if text.chars().count() <= max {
        return (text.to_owned(), false);
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    (format!("{}…", cut[..at].trim_end()), true)
}

/// What a key does in a presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Next,
    Previous,
    First,
    Last,
    /// A digit of a slide number being typed.
    Digit(char),
    /// Go to the slide number typed.
    Go,
    Leave,
    Fullscreen,
    /// Blank the screen (or show it again).
    Blank,
    /// Show the measures' notes on the slides (or hide them again).
    Notes,
}

impl Action {
    /// The action of a key (`KeyboardEvent.key`); presenter clickers send
    /// Page Up and Page Down, and "." for the blank screen.
    pub fn from_key(key: &str) -> Option<Action> {
        Some(match key {
            "ArrowRight" | "ArrowDown" | " " | "PageDown" => Action::Next,
            "ArrowLeft" | "ArrowUp" | "PageUp" => Action::Previous,
            "Home" => Action::First,
            "End" => Action::Last,
            "Enter" => Action::Go,
            "Escape" => Action::Leave,
            "f" | "F" => Action::Fullscreen,
            "b" | "B" | "." => Action::Blank,
            "n" | "N" => Action::Notes,
            k => {
                let mut chars = k.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_digit() => Action::Digit(c),
                    _ => return None,
                }
            }
        })
    }
}

/// The speaker's elapsed-time timer: started, paused and reset by hand,
/// read against the instants the caller gives (the core reads no clock).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stopwatch {
    /// Time counted before the current run, in milliseconds.
    banked: i64,
    /// When the current run started, if running.
    since: Option<i64>,
}

impl Stopwatch {
    pub fn running(self) -> bool {
        self.since.is_some()
    }

    /// Starts or resumes at `now`; pauses if running.
    pub fn toggled(self, now: i64) -> Stopwatch {
        match self.since {
            Some(since) => Stopwatch { banked: self.banked + (now - since).max(0), since: None },
            None => Stopwatch { since: Some(now), ..self },
        }
    }

    /// Milliseconds counted at `now` (a clock set back counts nothing).
    pub fn elapsed(self, now: i64) -> i64 {
        self.banked + self.since.map_or(0, |since| (now - since).max(0))
    }
}

/// `05:12`, or `1:05:12` past an hour: the timer as a speaker reads it.
pub fn clock_face(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}
