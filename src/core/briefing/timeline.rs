//! The plan over time: month by month since its first change, how many
//! measures stood at each status and the average progress, folded from the
//! history. What a briefing's first question needs (« where were we three
//! months ago, and is the plan moving? ») and what the dashboard's chart,
//! the deck's slide and the handout draw.
//!
//! A month's point is the state at its end (today's for the current month):
//! each field's value is the one its change history leaves standing at that
//! moment, replacements and conflicts folded as `Annotation::refold` does
//! (the latest head shows), with the changes hidden by a « Remplacer » left
//! out. Instants come from each change's stamp: a month is only as right as
//! the clock of whoever made the change, which is why the chart counts by
//! month, not by day.

use crate::core::date::{IsoDate, Zone, MONTHS};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{Change, Entry, Field};
use crate::core::record::document::Document;
use crate::core::record::stamp::Stamp;
use crate::core::record::status::Status;

/// One month's state.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    /// Year and month (1–12).
    pub month: (u16, u8),
    /// Measures per status, in [`Status::ALL`] order.
    pub counts: [usize; 6],
    /// The average progress of the measures, in percent (a measure without
    /// progress counts 0, as on the dashboard).
    pub mean_progress: f64,
}

impl MonthPoint {
    /// « nov. 2026 »: a short label for an axis (the abbreviations of the
    /// Imprimerie nationale).
    pub fn short_label(&self) -> String {
        const SHORT: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        let (y, m) = self.month;
        format!("{}\u{a0}{y}", SHORT[usize::from(m) - 1])
    }

    /// « novembre 2026 ».
    pub fn label(&self) -> String {
        let (y, m) = self.month;
        format!("{} {y}", MONTHS[usize::from(m) - 1])
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The state of `measures` month by month, from the month of the first
/// change any of them had to `today`'s; empty when none ever changed.
pub fn timeline(
    plan: &Plan,
    doc: &Document,
    measures: &[MeasureNo],
    today: IsoDate,
    zone: Zone,
) -> Vec<MonthPoint> {
    // Each measure's status and progress changes, oldest stamp first, with
    // the month each was made in.
    let histories: Vec<Vec<(&Entry, (u16, u8))>> = measures
        .iter()
        .filter(|&&n| plan.measure(n).is_some())
        .map(|&n| {
            doc.annotation(n)
                .map(|a| {
                    a.all_entries()
                        .filter(|e| matches!(e.field(), Field::Status | Field::Progress))
                        .filter(|e| !doc.is_hidden(e.at))
                        .map(|e| (e, IsoDate::of_instant(e.at.ms, zone).month_key()))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let Some(first) = histories.iter().flatten().map(|&(_, m)| m).min() else {
        return Vec::new();
    };
    let last = today.month_key().max(first);
    let mut folds: Vec<Fold> = histories.iter().map(|_| Fold::default()).collect();
    let mut next: Vec<usize> = vec![0; histories.len()];
    let mut points = Vec::new();
    let mut month = first;
    loop {
        let mut counts = [0; 6];
        let mut progress = 0.0;
        for (i, history) in histories.iter().enumerate() {
            while let Some(&(entry, made)) = history.get(next[i]) {
                if made > month {
                    break;
                }
                folds[i].take(entry);
                next[i] += 1;
            }
            counts[folds[i].status().index()] += 1;
            progress += f64::from(folds[i].progress());
        }
        let n = histories.len().max(1) as f64;
        points.push(MonthPoint { month, counts, mean_progress: progress / n });
        if month >= last {
            break;
        }
        month = if month.1 == 12 { (month.0 + 1, 1) } else { (month.0, month.1 + 1) };
    }
    points
}

/// A measure's status and progress as its changes so far leave them: the
/// heads of each field (the changes no later one replaced), the latest of
/// which shows.
#[derive(Debug, Default)]
struct Fold {
    status: Vec<(Stamp, Status)>,
    progress: Vec<(Stamp, u8)>,
}

impl Fold {
    fn take(&mut self, entry: &Entry) {
        // Only earlier versions can be replaced (as `refold` has it).
        let replaced = |at: &Stamp| entry.replaces.iter().any(|v| v.at == *at && v.at < entry.at);
        match &entry.change {
            Change::Status(s) => {
                self.status.retain(|(at, _)| !replaced(at));
                self.status.push((entry.at, *s));
            }
            Change::Progress(p) => {
                self.progress.retain(|(at, _)| !replaced(at));
                self.progress.push((entry.at, *p));
            }
            _ => {}
        }
    }

    fn status(&self) -> Status {
        self.status.iter().max_by_key(|(at, _)| *at).map_or(Status::default(), |&(_, s)| s)
    }

    fn progress(&self) -> u8 {
        self.progress.iter().max_by_key(|(at, _)| *at).map_or(0, |&(_, p)| p)
    }
}
