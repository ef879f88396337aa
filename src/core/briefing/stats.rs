//! Figures for the dashboard: counts per status, shares, mean progress,
//! per-objective breakdown, overdue and recently updated measures.

use crate::core::date::IsoDate;
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::document::Annotations;
use crate::core::record::status::Status;

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub total: usize,
    /// Indexed like [`Status::ALL`].
    pub by_status: [usize; 6],
    /// Mean progress over all measures (a measure never annotated counts 0 %).
    pub mean_progress: f64,
    pub per_objective: Vec<ObjectiveStats>,
    /// Due date passed and not closed, soonest due first.
    pub overdue: Vec<(MeasureNo, IsoDate)>,
    /// Most recently updated first: `(measure, last change)`.
    pub recent: Vec<(MeasureNo, crate::core::record::stamp::Stamp)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveStats {
    pub objective: u8,
    pub total: usize,
    pub by_status: [usize; 6],
    pub mean_progress: f64,
}

impl Stats {
    /// The figures of the whole plan, with the `recent` latest updated.
    pub fn compute(plan: &Plan, annotations: &Annotations, today: IsoDate, recent: usize) -> Stats {
        Stats::over(plan, annotations, today, recent, |_| true)
    }

    /// The figures of some measures only (a selection): `total` is theirs.
    pub fn of_selection(
        plan: &Plan,
        annotations: &Annotations,
        today: IsoDate,
        measures: &[MeasureNo],
    ) -> Stats {
        Stats::over(plan, annotations, today, 0, |n| measures.contains(&n))
    }

    fn over(
        plan: &Plan,
        annotations: &Annotations,
        today: IsoDate,
        recent: usize,
        counted: impl Fn(MeasureNo) -> bool,
    ) -> Stats {
        let mut by_status = [0; 6];
        let mut progress_sum = 0u32;
        let mut per_objective: Vec<ObjectiveStats> = plan
            .objectives
            .iter()
            .map(|o| ObjectiveStats {
                objective: o.number,
                total: 0,
                by_status: [0; 6],
                mean_progress: 0.0,
            })
            .collect();
        let mut overdue = Vec::new();
        let mut updated = Vec::new();
        for m in plan.measures.iter().filter(|m| counted(m.number)) {
            let a = annotations.get(m.number);
            let status = a.map_or(Status::default(), |a| a.status());
            let progress = a.map_or(0, |a| a.progress());
            by_status[status.index()] += 1;
            progress_sum += u32::from(progress);
            let o = &mut per_objective[usize::from(m.objective) - 1];
            o.total += 1;
            o.by_status[status.index()] += 1;
            o.mean_progress += f64::from(progress);
            if let Some(a) = a {
                if let (true, Some(due)) = (a.is_overdue(today), a.due()) {
                    overdue.push((m.number, due));
                }
                if let Some(at) = a.updated() {
                    updated.push((m.number, at));
                }
            }
        }
        for o in &mut per_objective {
            o.mean_progress /= o.total.max(1) as f64;
        }
        crate::core::order::sort_by_key(&mut overdue, |&(n, d)| (d, n));
        crate::core::order::sort_by_key(&mut updated, |&(n, at)| (std::cmp::Reverse(at), n));
        updated.truncate(recent);
        let total = per_objective.iter().map(|o| o.total).sum();
        Stats {
            total,
            by_status,
            mean_progress: f64::from(progress_sum) / total.max(1) as f64,
            per_objective,
            overdue,
            recent: updated,
        }
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status[status.index()]
    }

    /// Share of `status` among all measures, in percent.
    pub fn share(&self, status: Status) -> f64 {
        100.0 * self.count(status) as f64 / self.total.max(1) as f64
    }
}

/// `12.7`: one decimal with a point, as SVG coordinates are written.
pub fn svg_number(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    format!("{}.{}", tenths / 10, (tenths % 10).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_numbers_keep_one_decimal_with_a_point() {
        assert_eq!(svg_number(333.333), "333.3");
        assert_eq!(svg_number(1000.0), "1000.0");
    }
}
