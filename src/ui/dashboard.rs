//! The dashboard: where the plan stands as a whole, per status and per
//! objective, what is overdue and what moved last. Every figure links to the
//! list filtered to the measures behind it.

use leptos::prelude::*;

use crate::core::date::french_datetime;
use crate::core::route::{Facet, ListState, Route};
use crate::core::stats::{french_decimal, svg_number, Stats};
use crate::core::status::Status;

use super::clock::{today as today_here, zone};
use super::widgets::{plural, status_chip};
use super::{ctx, Ctx};

fn list_href(filters: &[(Facet, String)]) -> String {
    let state = filters.iter().fold(ListState::default(), |s, (f, id)| s.toggled(*f, id));
    Route::List(state).to_hash()
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let Ctx { plan, store, .. } = ctx();
    let today = today_here();
    let doc = store.document();
    let stats = Memo::new(move |_| doc.with(|d| Stats::compute(plan, d.annotations(), today, 8)));
    let moved = super::exchange::exchange().moved;

    let cards = move || {
        let s = stats.get();
        Status::ALL
            .into_iter()
            .map(|status| {
                let n = s.count(status);
                let href = list_href(&[(Facet::Status, status.id().to_owned())]);
                view! {
                    <li>
                        <a class=format!("stat-card stat-{}", status.id()) href=href>
                            <span class="stat-value">{n}</span>
                            <span class="stat-label">{status_chip(status)}</span>
                            <span class="stat-share">{format!("{}\u{a0}%", french_decimal(s.share(status)))}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };

    let bars = move || {
        let s = stats.get();
        s.per_objective
            .iter()
            .map(|o| {
                let objective = plan.objective(o.objective).expect("validated objective");
                let mut x = 0.0;
                let segments = Status::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| o.by_status[*i] > 0)
                    .map(|(i, status)| {
                        let n = o.by_status[i];
                        let width = 1000.0 * n as f64 / o.total.max(1) as f64;
                        let label = format!("Objectif {} — {} : {}", o.objective, status.label(), plural(n, "mesure", "mesures"));
                        let href = list_href(&[(Facet::Objective, o.objective.to_string()), (Facet::Status, status.id().to_owned())]);
                        let start = x;
                        x += width;
                        let aria = label.clone();
                        // Inside <g> the macro builds SVG <a> and <title>, not HTML ones.
                        view! {
                            <g>
                            <a href=href aria-label=aria class=format!("bar-link bar-{}", status.id())>
                                <title>{label}</title>
                                <rect x=svg_number(start) y="0" width=svg_number(width) height="48"></rect>
                                {(width >= 70.0).then(|| view! {
                                    <text x=svg_number(start + width / 2.0) y="32" text-anchor="middle" aria-hidden="true">{format!("{} {n}", status.symbol())}</text>
                                })}
                            </a>
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="bar-row">
                        <a class="bar-title" href=list_href(&[(Facet::Objective, o.objective.to_string())])>
                            <span class="bar-number">{format!("Objectif {}", o.objective)}</span>
                            {objective.short_title.clone()}
                        </a>
                        <svg class="bar" viewBox="0 0 1000 48" role="group" aria-label=format!("Répartition des {} mesures de l’objectif {} par statut", o.total, o.objective)>
                            {segments}
                        </svg>
                        <span class="bar-mean">{format!("{}\u{a0}% en moyenne", french_decimal(o.mean_progress))}</span>
                    </li>
                }
            })
            .collect_view()
    };

    let table = move || {
        let s = stats.get();
        view! {
            <table class="data-table">
                <caption>"Mesures par objectif et par statut"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Objectif"</th>
                        {Status::ALL.into_iter().map(|st| view! { <th scope="col">{st.label()}</th> }).collect_view()}
                        <th scope="col">"Avancement moyen"</th>
                    </tr>
                </thead>
                <tbody>
                    {s.per_objective.iter().map(|o| view! {
                        <tr>
                            <th scope="row">{format!("{}. {}", o.objective, plan.objective(o.objective).map_or("", |x| x.short_title.as_str()))}</th>
                            {o.by_status.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                            <td>{format!("{}\u{a0}%", french_decimal(o.mean_progress))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };

    let measure_link = move |n: u16| {
        let title = plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
        view! { <a href=format!("#/mesure/{n}")>{format!("Mesure {n}")}</a>" — "{title} }
    };

    view! {
        <main id="contenu" class="page page-dashboard" tabindex="-1">
            <div class="page-head">
                <h1>"Tableau de bord"</h1>
                <div class="button-row">
                    <a class="button" href="#/presentation/1">"Présenter le point"</a>
                    <a class="button-quiet" href="#/dossier">"Dossier imprimable"</a>
                </div>
            </div>
            <p class="lede">{move || {
                let s = stats.get();
                let done = s.count(Status::Realisee);
                format!(
                    "{} sur {} ({}\u{a0}%) · avancement moyen {}\u{a0}%",
                    plural(done, "mesure réalisée", "mesures réalisées"),
                    s.total,
                    french_decimal(s.share(Status::Realisee)),
                    french_decimal(s.mean_progress)
                )
            }}</p>
            {move || moved.get().map(|(since, list)| view! {
                <section class="panel baseline-panel" aria-labelledby="titre-depuis">
                    <h2 id="titre-depuis">"Depuis le dernier point"</h2>
                    <p><strong>{crate::core::exchange::summary(&since, &list)}</strong></p>
                    <ul class="plain-list movements" role="list">
                        {list.iter().map(|m| {
                            view! { <li class=super::exchange::movement_class(m.direction)>{measure_link(m.measure)}" : "{super::exchange::movement_text(m)}</li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="titre-statuts">
                <h2 id="titre-statuts">"Mesures par statut"</h2>
                <ul class="stat-cards" role="list">{cards}</ul>
            </section>
            <section aria-labelledby="titre-objectifs">
                <h2 id="titre-objectifs">"Par objectif"</h2>
                <ul class="bars" role="list">{bars}</ul>
                <details class="table-details">
                    <summary>"Voir les chiffres en tableau"</summary>
                    // Scrolls sideways on a phone instead of widening the page.
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Tableau des mesures par objectif et par statut">{table}</div>
                </details>
            </section>
            <div class="dashboard-columns">
                <section aria-labelledby="titre-retard">
                    <h2 id="titre-retard">"En retard"</h2>
                    {move || {
                        let overdue = stats.with(|s| s.overdue.clone());
                        if overdue.is_empty() {
                            view! { <p class="muted">"Aucune mesure en retard : aucune échéance dépassée sur une mesure ouverte."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list" role="list">
                                    {overdue.into_iter().map(|(n, due)| view! {
                                        <li>{measure_link(n)}<span class="overdue">{format!(" · échéance dépassée le {}", due.french())}</span></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }}
                </section>
                <section aria-labelledby="titre-recents">
                    <h2 id="titre-recents">"Mises à jour récentes"</h2>
                    {move || {
                        let recent = stats.with(|s| s.recent.clone());
                        if recent.is_empty() {
                            view! { <p class="muted">"Aucune mesure annotée pour l’instant. Ouvrez une mesure pour renseigner son statut."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list" role="list">
                                    {recent.into_iter().map(|(n, at)| {
                                        let status = doc.with_untracked(|d| d.annotations().status_of(n));
                                        view! { <li>{measure_link(n)}" · "{status_chip(status)}<span class="muted">{format!(" · {}", french_datetime(at.ms, &zone))}</span></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }}
                </section>
            </div>
        </main>
    }
}
