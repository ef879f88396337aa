//! The plan over time, drawn: measures per status month by month (stacked
//! bars) and the average progress (a line), as inline SVG, with its figures
//! in a table. Readable printed in black and white: each status has its own
//! hatching as well as its colour, and the line is dashed. Used by the
//! dashboard, the deck and the handout, all in chunks.

use crate::core::french;
use leptos::prelude::*;

use crate::core::briefing::stats::svg_number;
use crate::core::briefing::timeline::MonthPoint;
use crate::core::record::status::Status;
use crate::core::wording::timeline_summary;

/// Bottom to top: what is done first, what was never looked at last.
const STACK: [Status; 6] = [
    Status::Realisee,
    Status::EnCours,
    Status::EnDifficulte,
    Status::NonEngagee,
    Status::Abandonnee,
    Status::NonEvaluee,
];

/// Colour, and the lines drawn over it (angle, colour), so that two
/// statuses never differ by colour alone.
fn look(status: Status) -> (&'static str, Option<(u16, &'static str)>) {
    match status {
        Status::Realisee => ("#00805c", None),
        Status::EnCours => ("#2f74b5", Some((45, "#ffffff"))),
        Status::EnDifficulte => ("#c25400", Some((135, "#ffffff"))),
        Status::NonEngagee => ("#7b56b0", Some((0, "#ffffff"))),
        Status::Abandonnee => ("#4a4a4a", Some((90, "#bdbdbd"))),
        Status::NonEvaluee => ("#e6e6e6", None),
    }
}

/// The fill of `status` in the chart `id` (its pattern, or its colour).
fn fill(id: &str, status: Status) -> String {
    match look(status) {
        (_, Some(_)) => format!("url(#{id}-{})", status.id()),
        (colour, None) => colour.to_owned(),
    }
}

fn patterns(id: &'static str) -> impl IntoView {
    STACK
        .into_iter()
        .filter_map(|s| look(s).1.map(|line| (s, look(s).0, line)))
        .map(move |(s, colour, (angle, stroke))| {
            view! {
                <pattern
                    id=format!("{id}-{}", s.id())
                    width="8"
                    height="8"
                    patternUnits="userSpaceOnUse"
                    patternTransform=format!("rotate({angle})")
                >
                    <rect width="8" height="8" fill=colour></rect>
                    <line x1="0" y1="0" x2="0" y2="8" stroke=stroke stroke-width="3"></line>
                </pattern>
            }
        })
        .collect_view()
}

/// The chart. `id` names its patterns (unique on the page); `height` is
/// the drawing's, in its own units (the width is 800).
#[component]
pub fn TimelineChart(points: Vec<MonthPoint>, id: &'static str, height: u16) -> impl IntoView {
    if points.is_empty() {
        return view! {
            <p class="muted">
                "Aucun changement de statut ni d’avancement enregistré\u{a0}: le graphique \
                 commencera au premier."
            </p>
        }
        .into_any();
    }
    let (left, right, top, bottom) = (44.0, 56.0, 12.0, 34.0);
    let (width, height) = (800.0, f64::from(height));
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let total = points.iter().map(MonthPoint::total).max().unwrap_or(1).max(1) as f64;
    let step = plot_w / points.len() as f64;
    let bar = (step * 0.72).max(1.0);
    let y = |n: f64| top + plot_h - n / total * plot_h;
    // At most a dozen month labels, evenly spaced.
    let every = points.len().div_ceil(12);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = left + step * i as f64 + (step - bar) / 2.0;
            let mut below = 0.0;
            let segments = STACK
                .into_iter()
                .filter(|s| p.counts[s.index()] > 0)
                .map(|s| {
                    let n = p.counts[s.index()] as f64;
                    let (y0, y1) = (y(below + n), y(below));
                    below += n;
                    view! {
                        <rect
                            x=svg_number(x)
                            y=svg_number(y0)
                            width=svg_number(bar)
                            height=svg_number(y1 - y0)
                            fill=fill(id, s)
                            stroke="#ffffff"
                            stroke-width="0.5"
                        ></rect>
                    }
                })
                .collect_view();
            let label = (i % every == 0 || i + 1 == points.len()).then(|| {
                view! {
                    <text
                        x=svg_number(x + bar / 2.0)
                        y=svg_number(height - 12.0)
                        text-anchor="middle"
                        font-size="12"
                    >
                        {p.short_label()}
                    </text>
                }
            });
            view! { <g>{segments} {label}</g> }
        })
        .collect_view();
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = left + step * i as f64 + step / 2.0;
            let y = top + plot_h - p.mean_progress / 100.0 * plot_h;
            format!("{},{}", svg_number(x), svg_number(y))
        })
        .collect();
    let dots = line
        .iter()
        .map(|xy| {
            let (x, y) = xy.split_once(',').unwrap_or(("0", "0"));
            view! { <circle cx=x.to_owned() cy=y.to_owned() r="3.5" fill="#111" stroke="#fff"></circle> }
        })
        .collect_view();
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|share| {
            let y = top + plot_h - share * plot_h;
            let count = (share * total).round();
            view! {
                <line
                    x1=svg_number(left)
                    x2=svg_number(width - right)
                    y1=svg_number(y)
                    y2=svg_number(y)
                    stroke="#d6d6d6"
                ></line>
                <text
                    x=svg_number(left - 6.0)
                    y=svg_number(y + 4.0)
                    text-anchor="end"
                    font-size="12"
                >
                    {(count as usize).to_string()}
                </text>
                <text x=svg_number(width - right + 6.0) y=svg_number(y + 4.0) font-size="12">
                    {format!("{}\u{a0}%", (share * 100.0) as usize)}
                </text>
            }
        })
        .collect_view();
    view! {
        <svg
            class="timeline-chart"
            viewBox=format!("0 0 800 {}", svg_number(height))
            role="img"
            aria-label=timeline_summary(&points)
        >
            <defs>{patterns(id)}</defs>
            <g aria-hidden="true">
                {grid} {bars}
                <polyline
                    points=line.join(" ")
                    fill="none"
                    stroke="#111"
                    stroke-width="2.5"
                    stroke-dasharray="7 4"
                ></polyline> {dots}
            </g>
        </svg>
    }
    .into_any()
}

/// What each fill means, and the line.
#[component]
pub fn TimelineLegend(id: &'static str) -> impl IntoView {
    view! {
        <ul class="timeline-legend" role="list">
            {STACK
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <svg class="timeline-swatch" viewBox="0 0 16 16" aria-hidden="true">
                                <rect width="16" height="16" fill=fill(id, s) stroke="#555"></rect>
                            </svg>
                            {format!("{} {}", s.symbol(), s.label())}
                        </li>
                    }
                })
                .collect_view()}
            <li>
                <svg class="timeline-swatch" viewBox="0 0 24 16" aria-hidden="true">
                    <line
                        x1="0"
                        y1="8"
                        x2="24"
                        y2="8"
                        stroke="#111"
                        stroke-width="2.5"
                        stroke-dasharray="7 4"
                    ></line>
                </svg>
                "Avancement moyen (échelle de droite)"
            </li>
        </ul>
    }
}

/// Rows of measures per status, each with its average progress, in a
/// table for screen readers and for copying: the chart's month by month,
/// the dashboard's per objective. `first` heads the rows' column.
#[component]
pub fn StatusTable(
    caption: String,
    first: &'static str,
    rows: Vec<(String, [usize; 6], f64)>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(label, counts, mean)| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {counts.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                    <td>{format!("{}\u{a0}%", french::decimal(mean))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{first}</th>
                    {Status::ALL
                        .into_iter()
                        .map(|s| view! { <th scope="col">{s.label()}</th> })
                        .collect_view()}
                    <th scope="col">"Avancement moyen"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A chart's figures, folded under « Voir les chiffres en tableau »; the
/// table scrolls sideways on a phone instead of widening the page.
#[component]
pub fn Figures(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <details class="table-details">
            <summary>"Voir les chiffres en tableau"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=label>
                {children()}
            </div>
        </details>
    }
}

/// The chart's figures, month by month.
#[component]
pub fn TimelineTable(points: Vec<MonthPoint>, caption: String) -> impl IntoView {
    let rows = points.iter().map(|p| (p.label(), p.counts, p.mean_progress)).collect();
    view! { <StatusTable caption first="Mois" rows /> }
}
